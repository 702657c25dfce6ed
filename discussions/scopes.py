"""What discussions are cached under (`networks.caching`), and which changes bump each scope.

Threads and posts bump their scopes from their own saves and deletions; the actions that change
them with `QuerySet.update()` wrap those writes in `caching.changing(...)`.
"""

from __future__ import annotations

from networks import caching

ACTIVITY = "activity"
"""Any thread or post anywhere: the home page's latest discussions, search results."""


def thread(pk: int) -> str:
    """A thread's page: its title, tags, counters, the order of its posts, its official responses."""
    return caching.scope("thread", pk)


def post(pk: int) -> str:
    """One post as it is shown: its text, state and the post it answers."""
    return caching.scope("post", pk)


def discussion(network_id: int | None) -> str:
    """A network's threads as listed (its thread list and the latest threads on its page)."""
    return caching.scope("discussion", network_id if network_id is not None else "dialogues")


def of_thread(instance) -> list[str]:
    return [thread(instance.pk), discussion(instance.network_id), ACTIVITY]


def of_post(instance) -> list[str]:
    return [post(instance.pk), thread(instance.thread_id), discussion(instance.network_id), ACTIVITY]


def _of_tagging(tagging) -> list[str]:
    from discussions.models import Thread

    network_id = Thread.objects.filter(pk=tagging.content_object_id).values_list("network_id", flat=True).first()
    return [thread(tagging.content_object_id), discussion(network_id), ACTIVITY]


def register() -> None:
    """Connect the discussion models to their scopes (from DiscussionsConfig.ready)."""
    from discussions.models import Post, TaggedThread, Thread

    caching.watch(Thread, of_thread)
    caching.watch(Post, of_post)
    caching.watch(TaggedThread, _of_tagging)
