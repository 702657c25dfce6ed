"""Turning a bulletin into email: rendered once, personalised cheaply per member.

The HTML and plain-text parts come from the same block values: each block's
`get_context` is computed once and rendered through a pair of templates in
`bulletins/email/blocks/`. Every link and image source is made
absolute. The only per-member part is the signed unsubscribe link, which is
dropped into the rendered text by string replacement, so a batch of 500
members costs 500 string replacements, not 500 template renders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import formataddr, parseaddr
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

from networks.email_headers import header_text
from networks.emails import absolute_url, site_url

UNSUBSCRIBE_MARK = "__BULLETIN_UNSUBSCRIBE_URL__"
TEST_SUBJECT_PREFIX = "[Test] "


def absolute(url: str) -> str:
    """A site path made absolute for an inbox; full URLs and mailto: links pass through."""
    if not url:
        return url
    if url.startswith("//"):
        return f"{urlsplit(site_url()).scheme or 'https'}:{url}"
    if url.startswith("/"):
        return absolute_url(url)
    return url


_RELATIVE_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")(/[^"]*)"')


def absolutize_html(html: str) -> str:
    """Every href="/…" and src="/…" in rendered HTML made absolute."""
    return _RELATIVE_ATTRIBUTE.sub(lambda match: f'{match.group(1)}{absolute(match.group(2))}"', html)


class _TextWriter(HTMLParser):
    """Rich text (the small allow-listed subset editors can type) as readable plain text."""

    BLOCK_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "blockquote", "div"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.lists: list[list] = []
        self.link: str | None = None
        self.heading = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in self.BLOCK_TAGS:
            self._break(2)
        if tag in {"h2", "h3", "h4"}:
            self.heading = True
        elif tag == "br":
            self.parts.append("\n")
        elif tag in {"ul", "ol"}:
            self.lists.append([tag, 0])
        elif tag == "li":
            self._break(1)
            if self.lists:
                kind = self.lists[-1]
                kind[1] += 1
                self.parts.append(f"{'  ' * (len(self.lists) - 1)}{kind[1]}. " if kind[0] == "ol" else f"{'  ' * (len(self.lists) - 1)}- ")
            else:
                self.parts.append("- ")
        elif tag == "a":
            self.link = absolute(attributes.get("href") or "")
        elif tag == "img" and attributes.get("alt"):
            self.parts.append(f"[{attributes['alt']}]")

    def handle_endtag(self, tag):
        if tag == "a":
            if self.link and not self.link.startswith("#"):
                self.parts.append(f" ({self.link})")
            self.link = None
        elif tag in {"h2", "h3", "h4"}:
            self.heading = False
            self._break(2)
        elif tag in {"ul", "ol"}:
            if self.lists:
                self.lists.pop()
            self._break(2)
        elif tag in self.BLOCK_TAGS:
            self._break(2)

    def handle_data(self, data):
        text = re.sub(r"\s+", " ", data)
        if not self.parts or self.parts[-1].endswith("\n"):
            text = text.lstrip()
        if text:
            self.parts.append(text.upper() if self.heading else text)

    def _break(self, lines: int):
        text = "".join(self.parts)
        if not text:
            return
        trailing = len(text) - len(text.rstrip("\n"))
        if trailing < lines:
            self.parts.append("\n" * (lines - trailing))

    def text(self) -> str:
        return re.sub(r"\n{3,}", "\n\n", "".join(self.parts)).strip()


def html_to_text(html: str) -> str:
    writer = _TextWriter()
    writer.feed(html)
    writer.close()
    return writer.text()


def rich_text_html(value) -> str:
    """Editor rich text with internal page and document links expanded and made absolute."""
    return absolutize_html(expand_db_html(getattr(value, "source", str(value))))


@dataclass(frozen=True)
class RenderedBulletin:
    """A bulletin ready to go: the same for every member but for the unsubscribe link."""

    subject: str
    from_email: str
    html: str
    text: str
    scope: str
    """The unsubscribe scope, "bulletins:<network id>" or "bulletins:commission-<id>"."""
    list_id: str

    def personalise(self, unsubscribe_link: str) -> tuple[str, str]:
        return self.html.replace(UNSUBSCRIBE_MARK, unsubscribe_link), self.text.replace(UNSUBSCRIBE_MARK, unsubscribe_link)

    def message_for(self, user, email: str, *, message_id: str | None = None, test: bool = False) -> EmailMultiAlternatives:
        """The email for one member, with RFC 8058 one-click unsubscribe headers."""
        from networks.unsubscribe import unsubscribe_headers

        headers = unsubscribe_headers(user, self.scope)
        link = headers["List-Unsubscribe"].strip("<>")
        html, text = self.personalise(link)
        headers["List-Id"] = self.list_id
        headers["Precedence"] = "bulk"
        if message_id:
            headers["Message-ID"] = message_id
        message = EmailMultiAlternatives(
            subject=header_text(f"{TEST_SUBJECT_PREFIX}{self.subject}" if test else self.subject),
            body=text,
            from_email=self.from_email,
            to=[email],
            headers=headers,
        )
        message.attach_alternative(html, "text/html")
        return message

    def preview_for(self, user) -> str:
        """The HTML part as `user` would see it, for the admin's email preview."""
        from networks.unsubscribe import unsubscribe_url

        return self.personalise(unsubscribe_url(user, self.scope))[0] if user.is_authenticated else self.html


def sender_for(audience) -> str:
    """`"<Network> via Policy Networks" <address>`: the network's (or commission's) name is what members see first."""
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    name = header_text(f"{audience.title} via {settings.WAGTAIL_SITE_NAME}")
    return formataddr((name, address or "networks@example.org"))


def render_bulletin(bulletin, audience) -> RenderedBulletin:
    """Render `bulletin` (a live page or a revision's copy) for its audience, once."""
    parent_context = {"page": bulletin, "network": audience.network}
    blocks = []
    for block in bulletin.body:
        context = block.block.get_context(block.value, parent_context=parent_context)
        if block.block_type == "rich_text":
            html = rich_text_html(block.value)
            text = html_to_text(html)
        else:
            template = f"bulletins/email/blocks/{block.block_type}"
            html = absolutize_html(render_to_string(f"{template}.html", context))
            text = render_to_string(f"{template}.txt", context).strip()
        # Editor rich text (already filtered by Wagtail's editor allow-list, as on the
        # site) and templates that escape every value: nothing here is member-typed.
        blocks.append({"type": block.block_type, "html": mark_safe(html), "text": text})
    context = {
        "bulletin": bulletin,
        "audience": audience,
        "blocks": blocks,
        "bulletin_url": absolute(bulletin.url or ""),
        "audience_url": absolute(audience.url),
        "archive_url": absolute(audience.archive_url),
        "preferences_url": absolute(reverse("discussions:email_preferences")),
        "unsubscribe_url": UNSUBSCRIBE_MARK,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    host = urlsplit(site_url()).hostname or "localhost"
    return RenderedBulletin(
        subject=bulletin.subject.strip(),
        from_email=sender_for(audience),
        html=render_to_string("bulletins/email/bulletin.html", context),
        text=render_to_string("bulletins/email/bulletin.txt", context).strip() + "\n",
        scope=audience.scope,
        list_id=formataddr((f"{audience.title} bulletins", f"{audience.list_slug}.bulletins.{host}")),
    )


def message_id_for(sending_id: int, user_id: int) -> str:
    """One Message-ID per bulletin and member: a mail server that saw it before can drop a copy."""
    host = urlsplit(site_url()).hostname or "localhost"
    return f"<bulletin-{sending_id}-{user_id}@{host}>"
