from django.conf import settings


def site_chrome(request) -> dict:
    """What the header and footer need on every page."""
    return {
        "show_outbox": settings.SHOW_OUTBOX,
        # Set by home.pages.serve_page when the page has no version in the reader's language.
        "page_language": getattr(request, "page_language", ""),
    }
