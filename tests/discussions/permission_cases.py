"""Discussions in the role × action table (see tests/permission_table.py)."""

from django.utils import timezone

from discussions.models import Post, Thread
from tests.networks import factories
from tests.permission_table import Case, about_nothing

SECTION = "Discussions"


def _thread(network, author=None, *, locked=False):
    author = author or factories.make_user()
    thread = Thread.objects.create(network=network, title="GP waiting times", author=author, is_locked=locked)
    post = Post.objects.create(thread=thread, network=network, author=author, body="Opening post", created_at=timezone.now())
    Post.objects.filter(pk=post.pk).update(path=str(post.pk).zfill(10))
    return thread


def a_thread(network, actor):
    return _thread(network)


def a_locked_thread(network, actor):
    return _thread(network, locked=True)


def a_dialogue_thread(network, actor):
    """A thread with no network and no submission (yet): staff only."""
    return _thread(None)


def own_post(network, actor):
    return _thread(network, actor if actor.is_authenticated else None).posts.get()


def own_post_locked(network, actor):
    return _thread(network, actor if actor.is_authenticated else None, locked=True).posts.get()


def others_post(network, actor):
    return _thread(network).posts.get()


#                                                                    anon  non  pend  mem  mod  edit host comm staff
CASES = [
    Case("view_thread", "a thread in a public network", "YYYYYYYYY", make=a_thread),
    Case("view_thread", "a thread in a members-only network", "---YYYYYY", members_only=True, make=a_thread),
    Case("view_thread", "a network-less thread with no submission", "--------Y", make=a_dialogue_thread),
    Case("start_thread", "a public network", "---YYYYYY"),
    Case("start_thread", "a members-only network", "---YYYYYY", members_only=True, unverified="------YYY"),
    Case("reply_thread", "an open thread", "---YYYYYY", make=a_thread),
    Case("reply_thread", "a locked thread (moderators may post a closing note)", "----YY--Y", make=a_locked_thread),
    Case("reply_thread", "a thread in a members-only network", "---YYYYYY", members_only=True, make=a_thread, unverified="------YYY"),
    Case("reply_thread", "a network-less thread with no submission", "--------Y", make=a_dialogue_thread),
    Case("post_official_response", "an open thread", "-------Y-", make=a_thread),
    Case("edit_post", "their own post", "-YYYYYYYY", make=own_post),
    Case("edit_post", "their own post in a locked thread", "----YY--Y", make=own_post_locked),
    Case("edit_post", "someone else's post", "---------", make=others_post),
    Case("delete_post", "their own post", "-YYYYYYYY", make=own_post),
    Case("delete_post", "someone else's post", "--------Y", make=others_post),
    Case("flag_post", "someone else's post in a public network", "-YYYYYYYY", make=others_post),
    Case("flag_post", "someone else's post in a members-only network", "---YYYYYY", members_only=True, make=others_post),
    Case("flag_post", "their own post", "---------", make=own_post),
    Case("view_post_history", "their own post", "-YYYYYYYY", make=own_post),
    Case("view_post_history", "someone else's post", "----YY--Y", make=others_post),
    Case("moderate_discussions", "a network", "----YY--Y"),
    Case("moderate_thread", "a thread", "----YY--Y", make=a_thread),
    Case("follow_thread", "a thread in a public network", "-YYYYYYYY", make=a_thread),
    Case("follow_network", "a public network", "-YYYYYYYY"),
    Case("follow_network", "a members-only network", "---YYYYYY", members_only=True),
]

#                          anon  non  pend  mem  mod  edit host comm staff
CASES += [
    Case("manage_watched_words", "the watched words, in the Wagtail admin", "--------Y", make=about_nothing),
]
