"""A chat's stream: which addresses may be shown beside the questions, and how.

Only sites on `CHAT_STREAM_HOSTS` (settings) may be framed: the same list opens
the Content Security Policy's `frame-src`, so a page never frames a site the
policy would block, and an editor cannot put an arbitrary site's page in front
of members. A link Wagtail's oEmbed finders recognise (a YouTube or Vimeo page)
is shown as Wagtail embeds it; any other allowed address is itself the player
and is framed as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


def allowed_hosts() -> list[str]:
    return [host.lower() for host in settings.CHAT_STREAM_HOSTS]


def stream_problem(url: str) -> str | None:
    """Why this address cannot be a chat's stream, in words for the editor; None when it can."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme != "https":
        return _("Use the stream's secure address (starting https://).")
    host = (parts.hostname or "").lower()
    hosts = allowed_hosts()
    if host not in hosts:
        if not hosts:
            return _("No stream sites are allowed on this site yet: ask an administrator to add one to CHAT_STREAM_HOSTS.")
        return _("%(host)s is not on the list of allowed stream sites (%(hosts)s). Use one of those, or ask an "
                 "administrator to add it.") % {"host": host or url, "hosts": ", ".join(hosts)}
    return None


@dataclass(frozen=True)
class Stream:
    url: str
    oembed: bool
    """True when Wagtail's embed finders recognise the address (rendered with `{% embed %}`), else framed as it is."""


def stream_for(chat) -> Stream | None:
    """The stream to show beside the questions, or None (none given, or no longer on the allowed list)."""
    url = chat.stream_url
    if not url or stream_problem(url):
        return None
    from wagtail.embeds.finders import get_finders

    return Stream(url=url, oembed=any(finder.accept(url) for finder in get_finders()))
