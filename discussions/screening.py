"""Screening a post before it is written: watched words, and newcomers whose first posts wait for moderators.

Discussions and live chats both ask here (chat through `refuse_blocked_words`
and `hold_reason`), so a word blocked in one is blocked in the other.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions.models import Post, WatchedWord
from networks.permissions import is_commission_member, is_staff, moderates
from networks.refusals import ActionRefused

log = logging.getLogger(__name__)

Action = WatchedWord.Action


def _found(text: str, words: list[WatchedWord]) -> list[WatchedWord]:
    return [
        word for word in words
        if re.search(rf"(?<!\w){re.escape(word.word.strip())}(?!\w)", text, flags=re.IGNORECASE)
    ]


CACHE_KEY = "discussions:watched-words"


def watched_words() -> list[WatchedWord]:
    """The list, from the shared cache (no query per post or chat message); saving or deleting a word clears it.

    With Redis (every multi-process deployment) the cache is shared, so a change is seen
    at once everywhere; the hour's expiry only bounds a cache that missed a clearing.
    A cache that cannot be reached (Redis restarting) does not stop a post or a chat
    message: the list is read from the table instead, and the outage logged.
    """
    try:
        words = cache.get(CACHE_KEY)
    except Exception as error:  # the cache backend's own connection errors; the table still answers
        log.warning("Watched words read from the database: the cache is unreachable (%s)", error)
        return list(WatchedWord.objects.all())
    if words is None:
        words = [(word.pk, word.word, word.action) for word in WatchedWord.objects.all()]
        try:
            cache.set(CACHE_KEY, words, 3600)
        except Exception as error:
            log.warning("Watched words not cached: the cache is unreachable (%s)", error)
    return [WatchedWord(pk=pk, word=word, action=action) for pk, word, action in words]


def forget_watched_words(**kwargs) -> None:
    try:
        cache.delete(CACHE_KEY)
    except Exception as error:
        log.error("Watched words changed but the cache is unreachable (%s): the old list may be used for up to an hour", error)


def watched_in(*texts: str) -> list[WatchedWord]:
    """The watched words the texts contain, blocking ones first."""
    words = watched_words()
    if not words:
        return []
    text = "\n".join(t or "" for t in texts)
    return sorted(_found(text, words), key=lambda word: (word.action != Action.BLOCK, word.word.lower()))


def refuse_blocked_words(*texts: str) -> list[WatchedWord]:
    """Refuse text with a blocked word, naming it; return the words that only hold."""
    found = watched_in(*texts)
    blocked = [word.word for word in found if word.action == Action.BLOCK]
    if blocked:
        raise ActionRefused(
            _("Your text contains “%(word)s”, which is not allowed on Policy Networks. Please change it and send it again; your text is kept.")
            % {"word": blocked[0]}
        )
    return found


def is_newcomer(user, network) -> bool:
    """Whether the network holds this member's posts: a new account, or too few approved posts yet."""
    if network is None or not network.hold_first_posts:
        return False
    if is_staff(user) or moderates(user, network) or is_commission_member(user):
        return False
    if user.date_joined > timezone.now() - timedelta(days=network.newcomer_days):
        return True
    approved = Post.objects.filter(author=user, is_deleted=False, is_hidden=False).count()
    return approved < network.newcomer_posts


def hold_reason(user, network, *texts: str) -> str:
    """Why a post must wait for moderators ("" when it need not); refuses blocked words first."""
    holding = refuse_blocked_words(*texts)
    if network is None or is_staff(user) or moderates(user, network):
        return ""
    if holding:
        return _("It contains the watched word “%(word)s”.") % {"word": holding[0].word}
    if is_newcomer(user, network):
        return _("The author is new to %(network)s.") % {"network": network.title}
    return ""
