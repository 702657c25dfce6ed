"""Demo discussions for every network, written in the voice of the PiP briefing's members.

Idempotent: a thread is found by its network and title and only created when
missing. Posts are written with the same internal steps the actions use, but
without notifications, so loading the demo emails nobody (but the moderators
told of the held reply below); a handful of
on-site notifications, a report in the Health moderation queue, a hidden post
and an edited post are added so every page has something to show. Safer
Communities, the one demo network that holds newcomers' first posts, has a
newcomer's reply waiting in its moderation queue (posted through the real action).
"""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale

from discussions.actions import posting
from discussions.models import (
    Flag,
    HeldPost,
    ModerationLogEntry,
    NetworkFollow,
    Notification,
    Post,
    PostRevision,
    Thread,
    WatchedWord,
)
from networks.demo import verify_demo_member
from networks.models import NetworkMembership, NetworkPage, Profile, Region

# Members who talk in the networks besides the role demo users of networks.demo (same password):
# email, name, region, who they are (for the reader of this file), networks.
VOICES = [
    ("dev.okafor@example.org", "Dev Okafor", "West Midlands", "Neighbourhood watch coordinator", ["safer-communities"]),
    ("grace.lee@example.org", "Grace Lee", "Yorkshire and the Humber", "County FA volunteer", ["sports"]),
    ("tom.hughes@example.org", "Tom Hughes", "Wales", "CLP policy officer", ["health", "safer-communities", "sports"]),
    ("ruth.ames@example.org", "Ruth Ames", "North West", "Chair of governors", ["school-governors-and-education"]),
    ("kerry.walsh@example.org", "Kerry Walsh", "North East", "Joined this week: her first reply waits for a moderator", ["safer-communities"]),
]
NEWCOMERS = {"kerry.walsh@example.org"}
"""Voices whose accounts are new; the others have been members for over a year."""

HELD_REPLY = (
    "safer-communities",
    "Neighbourhood policing: what works on your estate?",
    "kerry.walsh@example.org",
    "New here. On our estate the PCSO now runs a drop-in at the community café every Thursday, "
    "and people report things there that they would never ring 101 about.",
)
"""A newcomer's reply that Safer Communities holds for its moderators (network, thread, author, text)."""

# (network slug, author email, title, tags, body, pinned, replies)
# A reply is (author email, body, index of the post it answers: 0 is the opening post, official?)
THREADS = [
    (
        "health", "member@example.org", "GP access in rural areas: what our CLP found", ["NHS", "primary care", "rural"],
        "Our CLP ran a local policy forum on GP access in March. Forty members came, and the same story came up "
        "again and again: **three-week waits** for a routine appointment, and a 25-mile round trip when the "
        "branch surgery closed.\n\nWe want to put this to the Health policy commission as part of this year's "
        "work programme. What are other areas seeing?",
        False,
        [
            ("tom.hughes@example.org", "Same picture in mid Wales. The branch surgery in our market town now opens two mornings a week. "
             "Community transport is the only way some older members get there at all.", 0, False),
            ("moderator@example.org", "Thanks both. Could you say how many patients each practice serves? Figures make a submission "
             "much stronger, as the briefing on Partnership in Power says.", 1, False),
            ("tom.hughes@example.org", "About 6,200 registered patients across the two sites, according to the practice leaflet.", 2, False),
            ("host@example.org", "This is exactly the evidence we need from the ground. I have asked officials for the latest figures on "
             "branch surgery closures and will come back to this thread.", 0, False),
            ("commission@example.org", "The Health policy commission has added rural access to primary care to this year's topical issues. "
             "Please send your forum's report through your CLP secretary so it is tracked and answered.", 0, True),
            ("member@example.org", "Thank you. @tom.hughes shall we write this up jointly for the regional policy forum?", 5, False),
        ],
    ),
    (
        "health", "editor@example.org", "Social care funding: insurance, taxation or both?", ["social care", "funding"],
        "The commission's consultation document asks how we should pay for social care. Three options are on the table:\n\n"
        "1. a social insurance scheme\n2. general taxation\n3. a mixed model\n\nThis thread is pinned while the consultation is open. "
        "Please say which you favour and why, and what your branch thinks.",
        True,
        [
            ("member@example.org", "General taxation: it is the fairest way, and it is how we fund the NHS.", 0, False),
            ("moderator@example.org", "Our branch split down the middle. The worry about insurance was what happens to people who cannot pay in.", 0, False),
            ("tom.hughes@example.org", "> what happens to people who cannot pay in\n\nThe mixed model answers that: the state pays the contributions of those who cannot.", 2, False),
        ],
    ),
    (
        "health", "member@example.org", "Mental health waiting times for young people", ["mental health", "young people"],
        "Parents in our ward wait months for a first CAMHS appointment. Has anyone seen a local scheme that works while families wait?",
        False,
        [
            ("editor@example.org", "Our council funds drop-in sessions run by a youth charity. I can share their evaluation.", 0, False),
        ],
    ),
    (
        "school-governors-and-education", "ruth.ames@example.org", "Preparing for inspection as a new governor", ["governance", "inspection"],
        "I became chair of governors at a primary school in September and we expect an inspection this year. "
        "What do inspectors ask governors, and how did you prepare?",
        False,
        [
            ("member@example.org", "Know your school's improvement plan and be ready to say how you **challenge** the head, not just support them.", 0, False),
            ("moderator@example.org", "A reminder that this network is members-only, but please still do not name individual pupils or staff.", 0, False),
            ("ruth.ames@example.org", "Thank you, both very helpful.", 1, False),
        ],
    ),
    (
        "school-governors-and-education", "moderator@example.org", "Consulting parents on the Education and Skills work programme",
        ["consultation", "parents"],
        "The Education and Skills commission wants to hear from parents as well as members. Has anyone run a consultation at the school gate?",
        False,
        [
            ("ruth.ames@example.org", "We put a one-page summary in book bags with a tear-off reply slip. Thirty-one came back.", 0, False),
        ],
    ),
    (
        "safer-communities", "dev.okafor@example.org", "Neighbourhood policing: what works on your estate?",
        ["policing", "anti-social behaviour"],
        "Since our PCSO team was cut from four to two, residents say they never see anyone. What has worked where you live?",
        False,
        [
            ("tom.hughes@example.org", "Monthly street surgeries with the ward councillor and the PCSO. Residents come because both are there.", 0, False),
            ("dev.okafor@example.org", "We tried that once, in the library. Where do you hold yours?", 1, False),
            ("tom.hughes@example.org", "Outside the shops on a Saturday morning: you meet people who would never come to a meeting.", 2, False),
        ],
    ),
    (
        "safer-communities", "tom.hughes@example.org", "Youth services after the funding cuts", ["young people", "youth services"],
        "Three youth clubs in our county have closed. What should the Crime, Justice, Citizenship and Equalities commission hear from us?",
        False,
        [],
    ),
    (
        "sports", "grace.lee@example.org", "Keeping school playing fields open to clubs", ["facilities", "school sport"],
        "Our junior football club lost its Saturday pitch when the school changed its lettings policy. "
        "Is anyone working on community use agreements?",
        False,
        [
            ("tom.hughes@example.org", "Our county council includes community use in every new school build. It is worth asking for the same.", 0, False),
        ],
    ),
    (
        "sports", "grace.lee@example.org", "Volunteers: how do we recruit and keep them?", ["volunteering"],
        "Every club secretary I know is doing three jobs. How do your clubs find new volunteers?",
        False,
        [
            ("tom.hughes@example.org", "Ask parents for one small, defined job. Nobody volunteers to 'help out'.", 0, False),
        ],
    ),
]


WATCHED_WORDS = [
    ("casino bonus", "block"),
    ("payday loan", "block"),
    ("crypto", "hold"),
    ("work from home", "hold"),
]
"""Staff's starting list of watched words: spam refused outright, and words worth a moderator's look."""


def load(stdout) -> None:
    users = _voices()
    User = get_user_model()
    for user in User.objects.filter(email__in=_role_emails()):
        users[user.email] = user
    networks = {n.slug: n for n in NetworkPage.objects.filter(slug__in={spec[0] for spec in THREADS}, locale=Locale.get_default())}
    created = 0
    for offset, spec in enumerate(THREADS):
        slug, author_email, title, tags, body, pinned, replies = spec
        network = networks.get(slug)
        if network is None or author_email not in users:
            continue
        if Thread.objects.filter(network=network, title=title).exists():
            continue
        _thread(network, users, spec, started=timezone.now() - timedelta(days=20 - 2 * offset))
        created += 1
    for word, action in WATCHED_WORDS:
        if not WatchedWord.objects.filter(word__iexact=word).exists():
            WatchedWord.objects.create(word=word, action=action)
    if created:
        _moderation_examples(users, networks)
        _notifications(users)
    _held_reply(users, networks)
    stdout.write(f"discussions: {Thread.objects.filter(network__isnull=False).count()} threads ({created} new)")


def _held_reply(users: dict, networks: dict) -> None:
    """Kerry's reply, through the real action, so the queue shows what a network holding first posts does."""
    slug, title, author_email, body = HELD_REPLY
    network, author = networks.get(slug), users.get(author_email)
    if network is None or author is None or not network.hold_first_posts:
        return
    if HeldPost.objects.filter(network=network, author=author).exists():
        return
    thread = Thread.objects.filter(network=network, title=title).first()
    if thread is not None:
        posting.post_reply(author, thread, body=body)


def _role_emails() -> list[str]:
    from networks.demo import USERS

    return [email for email, *_ in USERS]


def _voices() -> dict:
    from networks.demo import DEMO_PASSWORD

    User = get_user_model()
    found = {}
    for email, name, region_name, _about, slugs in VOICES:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(username=email.split("@")[0], email=email, password=DEMO_PASSWORD)
            if email not in NEWCOMERS:
                User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=400))
                user.refresh_from_db()
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        region = Region.objects.filter(name=region_name).first()
        Profile.objects.get_or_create(user=user, defaults={"display_name": name, "region": region})
        for network in NetworkPage.objects.filter(slug__in=slugs, locale=Locale.get_default()):
            NetworkMembership.objects.get_or_create(user=user, network=network)
        # They take part in members-only networks too: verified party members.
        verify_demo_member(user, f"L{4000001 + len(found)}", name.split()[-1], "SW1A 0AA")
        found[email] = user
    return found


def _thread(network: NetworkPage, users: dict, spec, *, started) -> Thread:
    _, author_email, title, tags, body, pinned, replies = spec
    thread = posting.open_thread(users[author_email], network, title, body, tags)
    posts = [thread.posts.get()]
    moment = started
    Post.objects.filter(pk=posts[0].pk).update(created_at=moment)
    for reply_email, reply_body, answers, official in replies:
        if reply_email not in users:
            continue
        moment += timedelta(hours=7)
        post = posting.add_reply(thread, users[reply_email], reply_body, posts[min(answers, len(posts) - 1)], official)
        Post.objects.filter(pk=post.pk).update(created_at=moment)
        posts.append(post)
    Thread.objects.filter(pk=thread.pk).update(created_at=started, last_activity_at=moment, is_pinned=pinned)
    for follower in ("member@example.org", "moderator@example.org"):
        if follower in users and network.memberships.filter(user=users[follower]).exists():
            NetworkFollow.objects.get_or_create(user=users[follower], network=network)
    return thread


def _moderation_examples(users: dict, networks: dict) -> None:
    """An edited post with history, a hidden post in the log, and a report waiting in the Health queue."""
    health = networks.get("health")
    moderator = users.get("moderator@example.org")
    if health is None or moderator is None:
        return
    thread = Thread.objects.filter(network=health, title__startswith="Mental health").first()
    if thread is None:
        return
    opening = thread.posts.get(parent__isnull=True)
    PostRevision.objects.create(
        post=opening, body="Parents wait months for a first CAMHS appointment.", written_at=opening.created_at,
        replaced_by=opening.author,
    )
    Post.objects.filter(pk=opening.pk).update(edited_at=opening.created_at + timedelta(minutes=20))
    visitor = users.get("tom.hughes@example.org")
    rude = posting.add_reply(thread, visitor, "Typical council, waste of money the lot of them.", opening, False)
    Post.objects.filter(pk=rude.pk).update(is_hidden=True, created_at=opening.created_at + timedelta(hours=3))
    Thread.objects.filter(pk=thread.pk).update(
        reply_count=thread.posts.filter(is_hidden=False).count() - 1,
        last_activity_at=thread.posts.order_by("-created_at").values_list("created_at", flat=True).first(),
    )
    ModerationLogEntry.objects.create(
        network=health, thread=thread, post=rude, actor=moderator, action=ModerationLogEntry.Action.HIDE,
        reason="Not constructive; the member has been invited to repost with specifics.",
    )
    flagged = thread.posts.filter(author=users.get("editor@example.org")).first()
    if flagged is not None and users.get("member@example.org"):
        Flag.objects.get_or_create(
            post=flagged, reporter=users["member@example.org"], resolved_at=None,
            defaults={"reason": Flag.Reason.PRIVACY, "detail": "Does the evaluation name the families who took part?"},
        )


def _notifications(users: dict) -> None:
    member = users.get("member@example.org")
    if member is None:
        return
    for post in Post.objects.filter(parent__author=member).exclude(author=member).select_related("thread", "author__profile")[:4]:
        Notification.objects.create(
            recipient=member,
            kind="official_response" if post.is_official else "reply",
            title=f"{post.author.profile.display_name} replied to your post in “{post.thread.title}”",
            url=post.get_absolute_url(),
            actor=post.author,
            created_at=post.created_at,
        )
