"""Builders for discussions: members of a network, and long threads bulk-built for query-count tests."""

from __future__ import annotations

from tests.networks import factories


def member_of(network, role: str = "member", **kwargs):
    user = factories.make_user(**kwargs)
    factories.make_membership(user, network, role)
    return user


def build_thread(network, *, posts: int, authors: int, seed: int = 1):
    """A thread of `posts` posts (replies nested up to depth 8) among `authors` members,
    some of them hosts, editors, moderators and commission members. Bulk-built: fast enough for 2,000 posts."""
    from networks import caching

    with caching.bulk():  # bulk writes, as a busy site would have made one by one
        return _build_thread(network, posts=posts, authors=authors, seed=seed)


def _build_thread(network, *, posts: int, authors: int, seed: int):
    import random

    from django.utils import timezone

    from discussions.models import Post, Thread
    from networks.models import CommissionMembership

    rng = random.Random(seed)
    roles = ["member", "member", "member", "moderator", "editor", "host"]
    people = []
    commission = factories.make_commission()
    for n in range(authors):
        user = factories.make_user(name=f"Author {n}")
        factories.make_membership(user, network, roles[n % len(roles)])
        if n % 7 == 0:
            CommissionMembership.objects.create(commission=commission, user=user)
        people.append(user)
    thread = Thread.objects.create(network=network, title=f"A long thread of {posts}", author=people[0])
    thread.tags.set(["NHS", "social care", "workforce"])
    now = timezone.now()
    made: list[Post] = []
    for n in range(posts):
        parent = None if n == 0 else rng.choice(made[-50:] if rng.random() < 0.7 else made[:1])
        while parent is not None and parent.depth >= 8:
            parent = next(p for p in made if p.pk == parent.parent_id)
        post = Post(
            thread=thread, network=network, author=rng.choice(people), parent=parent, body=f"Post {n} with **markdown** and @someone",
            depth=0 if parent is None else parent.depth + 1, created_at=now, is_official=n % 97 == 5,
        )
        post.save()
        post.path = post.tree_path()
        made.append(post)
    Post.objects.bulk_update(made, ["path"])
    Thread.objects.filter(pk=thread.pk).update(reply_count=posts - 1, last_post_id=made[-1].pk, has_official_response=True)
    thread.refresh_from_db()
    return thread
