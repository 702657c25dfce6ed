"""The discussion corpus the benchmarks share: one 2,000-post thread and a network of 10,000 threads.

Used by bench/discussions.py (in process, a throwaway test database) and bench/pages.py (over HTTP,
against the demo data). Bulk inserts, so building it takes seconds, not minutes; everything lands in
the search index as the task worker would put it there.
"""

from __future__ import annotations

import random

WORDS = (
    "GP access waiting times rural surgery community transport social care funding nurses midwives "
    "workforce hospital parking mental health young people prevention pharmacy dentistry commission forum"
).split()
MAX_DEPTH = 8


def make_authors(network, count: int, *, prefix: str = "author") -> list:
    """`count` members of `network` with every discussion role among them, and every tenth a
    commission member, so badges and role lookups cost what they cost on a real thread."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from networks.models import CommissionMembership, NetworkMembership, PolicyCommission, Profile

    User = get_user_model()
    password = make_password(None)
    users = User.objects.bulk_create(
        User(username=f"{prefix}{n}", email=f"{prefix}{n}@example.org", password=password) for n in range(count)
    )
    Profile.objects.bulk_create(Profile(user=u, display_name=f"{prefix.title()} {n}") for n, u in enumerate(users))
    roles = ["member"] * 6 + ["moderator", "editor", "host"]
    NetworkMembership.objects.bulk_create(
        NetworkMembership(user=u, network=network, role=roles[n % len(roles)]) for n, u in enumerate(users)
    )
    commission = PolicyCommission.objects.order_by("pk").first()
    if commission is not None:
        CommissionMembership.objects.bulk_create(CommissionMembership(user=u, commission=commission) for u in users[::10])
    return users


def build_thread(network, authors: list, rng: random.Random, *, posts: int, title: str):
    """One thread of `posts` posts nested up to depth 8: each post answers a recent post or the opening one."""
    from django.utils import timezone
    from wagtail.search.backends import get_search_backend

    from discussions.models import Post, Thread

    def text(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(30)) + f" (post {n}, **bold** and a [link](https://example.org))"

    now = timezone.now()
    thread = Thread.objects.create(network=network, title=title, author=authors[0])
    thread.tags.set(["NHS", "primary care", "rural"])
    # Plan the tree first, then write it one depth at a time so every parent has its id before its
    # replies are inserted.
    plan: list[tuple[int | None, int]] = []  # (index of parent, depth)
    for n in range(posts):
        if n == 0:
            plan.append((None, 0))
            continue
        parent = rng.randrange(max(0, n - 40), n) if rng.random() < 0.8 else 0
        while plan[parent][1] >= MAX_DEPTH:
            parent = plan[parent][0]
        plan.append((parent, plan[parent][1] + 1))
    made_posts: list = [None] * posts
    for depth in range(MAX_DEPTH + 1):
        level = [n for n, (_, d) in enumerate(plan) if d == depth]
        made = Post.objects.bulk_create(
            Post(thread=thread, network=network, author=rng.choice(authors),
                 parent=None if plan[n][0] is None else made_posts[plan[n][0]], body=text(n), depth=depth,
                 created_at=now + timezone.timedelta(seconds=n), is_official=n % 199 == 7)
            for n in level
        )
        for n, post in zip(level, made, strict=True):
            post.path = post.tree_path()
            made_posts[n] = post
    Post.objects.bulk_update(made_posts, ["path"], batch_size=500)
    Thread.objects.filter(pk=thread.pk).update(
        reply_count=posts - 1, last_post_id=max(p.pk for p in made_posts), has_official_response=True,
        last_activity_at=now,
    )
    get_search_backend().add_bulk(Thread, [thread])
    get_search_backend().add_bulk(Post, Post.objects.filter(thread=thread))
    thread.refresh_from_db()
    return thread, max(p.depth for p in made_posts)


def build_threads(network, authors: list, rng: random.Random, *, count: int) -> list:
    """`count` threads in one network, indexed for search."""
    from django.utils import timezone
    from wagtail.search.backends import get_search_backend

    from discussions.models import Thread

    now = timezone.now()
    threads = Thread.objects.bulk_create(
        (
            Thread(network=network, title=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} thread {n}",
                   author=rng.choice(authors), reply_count=rng.randint(0, 80), created_at=now, last_activity_at=now)
            for n in range(count)
        ),
        batch_size=1000,
    )
    get_search_backend().add_bulk(Thread, threads)
    return threads
