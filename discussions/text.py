"""The one sanitizer: everything a member types is rendered to HTML here and only here.

Markdown is parsed by markdown-it-py with raw HTML switched off, @mentions are
turned into links to the member's page, and the result goes through a single
nh3 allow-list, so whatever the parser lets through (or a future plugin adds),
only the tags and attributes listed below reach a page or an email. Links get
rel="nofollow ugc noopener": they are the member's, not the party's.

Templates use `{% load member_text %}{{ post.body|member_text }}`; Python code
calls `render_member_text(text)`. Both return a SafeString that needs no
further `|safe`.
"""

from __future__ import annotations

import html as html_module
import re
from functools import lru_cache

import nh3
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "del", "a", "ul", "ol", "li", "blockquote", "code", "pre", "hr", "h3", "h4", "h5", "h6"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_CLASSES = {"a": {"mention"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

MENTION = re.compile(r"(?<![\w@/.+-])@([A-Za-z0-9_][A-Za-z0-9_.+-]{0,149})")
"""An @ not glued to a word (so an email address is not a mention), then a username."""


def mentioned_usernames(text: str) -> set[str]:
    """The usernames @mentioned in a member's Markdown (not in code or link text), for notifying them."""
    usernames = set()
    prefix = member_url("USERNAME").split("USERNAME")[0]
    for token in _parser().parse(text or ""):
        for child in token.children or []:
            if child.type == "link_open" and child.attrGet("class") == "mention":
                usernames.add(str(child.attrGet("href"))[len(prefix) :].rstrip("/"))
    usernames.discard("")
    return usernames


def _clean_username(raw: str) -> str:
    """A sentence's full stop after a mention is not part of the username."""
    return raw.rstrip(".+-")


def member_url(username: str) -> str:
    return reverse("discussions:member", kwargs={"username": username})


def _mentions_rule(state: StateCore) -> None:
    """Split text around @username into links (not inside links or code), and demote headings."""
    for block in state.tokens:
        if block.type in ("heading_open", "heading_close"):
            # Headings in a post sit below the page's own h1 and h2.
            block.tag = f"h{min(6, int(block.tag[1]) + 2)}"
        if block.type != "inline" or not block.children:
            continue
        result: list[Token] = []
        link_depth = 0
        for token in block.children:
            if token.type == "link_open":
                link_depth += 1
            elif token.type == "link_close":
                link_depth -= 1
            if token.type != "text" or link_depth or "@" not in token.content:
                result.append(token)
                continue
            position = 0
            for match in MENTION.finditer(token.content):
                username = _clean_username(match.group(1))
                if not username:
                    continue
                start, end = match.start(), match.start() + 1 + len(username)
                if start > position:
                    result.append(_text(token.content[position:start]))
                link = Token("link_open", "a", 1)
                link.attrs = {"href": member_url(username), "class": "mention"}
                result += [link, _text("@" + username), Token("link_close", "a", -1)]
                position = end
            if position < len(token.content):
                result.append(_text(token.content[position:]))
        block.children = result


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable("strikethrough")
    parser.disable(["image"])
    parser.core.ruler.push("mentions", _mentions_rule)
    return parser


def sanitize_html(html: str) -> str:
    """The allow-list itself, exposed for the rare caller that already has HTML (never raw member input)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        allowed_classes={tag: set(classes) for tag, classes in ALLOWED_CLASSES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render_member_text(text: str) -> SafeString:
    """Markdown typed by a member, as HTML that is safe to put in any page or email."""
    html = _parser().render(text or "")
    return mark_safe(sanitize_html(html))  # noqa: S308 - the output of the allow-list above


def quote_for_reply(author_name: str, text: str) -> str:
    """The Markdown a reply starts with when a member quotes a post."""
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in (text or "").strip().splitlines())
    return f"{author_name} wrote:\n\n{quoted}\n\n"


def plain_excerpt(text: str, length: int = 200) -> str:
    """A short plain-text version of member Markdown for emails, notification lists and feeds.

    Plain text, never markup: it is read from the Markdown's text tokens, so no HTML is made
    and nothing is un-escaped on the way (it once rendered HTML, stripped the tags and
    un-escaped the rest, which turned a member's `&lt;body onload=…&gt;` into live markup).
    What a member typed comes out as the characters they typed, `<` included, so whoever
    shows it escapes it: Django templates do, and the feeds use `feed_text`.
    """
    pieces: list[str] = []
    for token in _parser().parse(text or ""):
        if token.type == "inline":
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    pieces.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    pieces.append(" ")
        elif token.type in ("code_block", "fence"):
            pieces.append(token.content)
        elif token.nesting == -1 and token.block:
            pieces.append(" ")
    plain = re.sub(r"\s+", " ", "".join(pieces)).strip()
    return plain if len(plain) <= length else plain[: length - 1].rstrip() + "…"


def feed_text(text: str) -> str:
    """Plain text for an RSS or Atom description, which readers show as HTML: escaped, so it stays text."""
    return html_module.escape(text or "", quote=False)
