from django.conf import settings


def site_chrome(request) -> dict:
    """What the header and footer need on every page."""
    return {"show_outbox": settings.SHOW_OUTBOX}
