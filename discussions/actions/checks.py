"""The checks every post passes before it is written: lengths, tags, and the rate a member may post at."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from discussions.models import (
    Post,
)
from networks.actions import ActionRefused
from networks.permissions import is_staff


def max_post_length() -> int:
    return getattr(settings, "DISCUSSIONS_MAX_POST_LENGTH", 20_000)

def max_tags() -> int:
    return getattr(settings, "DISCUSSIONS_MAX_TAGS", 5)

def rate_limit() -> tuple[int, int]:
    """(posts, seconds): how many posts a member may make in a window. Staff are not limited."""
    return (
        getattr(settings, "DISCUSSIONS_RATE_LIMIT_POSTS", 10),
        getattr(settings, "DISCUSSIONS_RATE_LIMIT_SECONDS", 300),
    )

MAX_TITLE_LENGTH = 200

MIN_TITLE_LENGTH = 5

MAX_TAG_LENGTH = 40

MAX_MENTIONS = 10

def clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ActionRefused(_("Please write something before posting."))
    limit = max_post_length()
    if len(body) > limit:
        raise ActionRefused(
            _("Posts can be at most %(limit)s characters; yours has %(length)s. Please shorten it or split it in two.")
            % {"limit": f"{limit:,}", "length": f"{len(body):,}"}
        )
    return body

def clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if len(title) < MIN_TITLE_LENGTH:
        raise ActionRefused(_("Please give the thread a title of at least %(MIN_TITLE_LENGTH)s characters.") % {"MIN_TITLE_LENGTH": MIN_TITLE_LENGTH})
    if len(title) > MAX_TITLE_LENGTH:
        raise ActionRefused(_("Titles can be at most %(MAX_TITLE_LENGTH)s characters; yours has %(len)s.") % {"MAX_TITLE_LENGTH": MAX_TITLE_LENGTH, "len": len(title)})
    return title

def clean_tags(tags: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for tag in tags or []:
        tag = " ".join(str(tag).split()).strip(" ,")
        if tag and tag.lower() not in {t.lower() for t in cleaned}:
            cleaned.append(tag)
    if len(cleaned) > max_tags():
        raise ActionRefused(_("Use at most %(max_tags)s tags; you gave %(len)s.") % {"max_tags": max_tags(), "len": len(cleaned)})
    for tag in cleaned:
        if len(tag) > MAX_TAG_LENGTH:
            raise ActionRefused(
                _("Tags can be at most %(max)s characters: “%(tag)s…” is too long.")
                % {"max": MAX_TAG_LENGTH, "tag": tag[:MAX_TAG_LENGTH]}
            )
    return cleaned

def check_rate(user) -> None:
    """Refuse a post beyond the member's allowance, saying when they can post again."""
    if is_staff(user):
        return
    limit, seconds = rate_limit()
    since = timezone.now() - timedelta(seconds=seconds)
    recent = list(
        Post.objects.filter(author=user, created_at__gte=since).order_by("-created_at").values_list("created_at", flat=True)[:limit]
    )
    if len(recent) >= limit:
        wait = max(1, int((recent[-1] + timedelta(seconds=seconds) - timezone.now()).total_seconds()))
        minutes = (wait + 59) // 60
        raise ActionRefused(
            ngettext(
                "You have posted %(limit)s times in the last %(window)s minutes, which is the limit. "
                "Please wait %(minutes)s minute before posting again; your text is kept below.",
                "You have posted %(limit)s times in the last %(window)s minutes, which is the limit. "
                "Please wait %(minutes)s minutes before posting again; your text is kept below.",
                minutes,
            )
            % {"limit": limit, "window": seconds // 60, "minutes": minutes}
        )
