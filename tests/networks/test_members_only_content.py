"""Members-only stays members-only on every way out of the site, asked as every role of the permission table.

One members-only network holds one of everything; each row names a way its content could
leave the site (a page, a search, a feed, a calendar, an archive, a transcript, an export, a
document, an image) and who should see the content there, in the order of
`tests/permission_table.ROLES`. A cell is "Y" when that role's answer carries the content,
"-" when it does not (and then the answer is a refusal or a page without it).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.images import get_image_model

from bulletins.actions import send_bulletin
from chat.models import ChatMessage, LiveChatPage
from discussions import actions as discussion_actions
from networks.models import NetworkArticlePage
from networks.permissions import can
from tests.bulletins.factories import make_bulletin
from tests.chat.factories import make_chat
from tests.networks import factories
from tests.networks.factories import user_for_role
from tests.permission_table import ROLES

pytestmark = pytest.mark.django_db

READERS = "---YYYYYY"
"""Those who may read a members-only network (its members, commission members and staff): `view_network`."""
NOBODY = "---------"


@dataclass(frozen=True)
class Surface:
    name: str
    expected: str
    url: str  # a key of the `content` fixture's urls
    marker: str  # a key of the `content` fixture's markers
    binary: bool = False


SURFACES = [
    Surface("the article page", READERS, "article", "article"),
    Surface("a thread page", READERS, "thread", "thread"),
    Surface("discussion search", READERS, "search", "thread"),
    Surface("the author's member page", READERS, "member", "thread"),
    Surface("the network's thread feed (RSS)", NOBODY, "feed_rss", "thread"),
    Surface("the network's thread feed (Atom)", NOBODY, "feed_atom", "thread"),
    Surface("a tag's thread feed", NOBODY, "tag_feed", "thread"),
    Surface("a tag's thread list", READERS, "tag_list", "thread"),
    Surface("the network's chat calendar", READERS, "network_calendar", "upcoming_chat"),
    Surface("a chat's calendar entry", READERS, "chat_calendar", "upcoming_chat"),
    Surface("a chat transcript (Markdown)", READERS, "transcript_md", "chat"),
    Surface("a chat transcript (CSV)", READERS, "transcript_csv", "question"),
    Surface("the bulletin archive", READERS, "bulletins", "bulletin"),
    Surface("the bulletin feed", READERS, "bulletin_feed", "bulletin"),
    Surface("a document in the network's collection", READERS, "document", "document", binary=True),
    Surface("an image of the network's collection", READERS, "image", "image", binary=True),
]


@pytest.fixture
def content(private_network):
    """A members-only network with a page, a document, an image, a thread, a closed chat and a sent bulletin."""
    network = private_network
    author = factories.make_user(name="Grace Governor")
    factories.make_membership(author, network, "editor")
    staff = factories.make_user(staff=True)
    document = factories.make_document(network, title="Exclusions data pack", filename="exclusions-pack.pdf")
    image = factories.make_image(network, filename="governors-forum.png")
    article = NetworkArticlePage(
        title="Exclusions: what governors can do",
        slug="exclusions",
        summary="A briefing for governors.",
        body=[("document", {"document": document, "description": "The data pack"}),
              ("image", {"image": image, "alt_text": "Governors at the forum", "caption": ""})],
    )
    network.add_child(instance=article)
    thread = discussion_actions.start_thread(
        author, network, title="Governors on exclusions policy", body="Our trust excludes too often.", tags=["education"]
    )
    chat = make_chat(network, title="Governors question time", status="closed")
    upcoming = make_chat(network, title="Governors live Q and A", status="scheduled")
    ChatMessage.objects.create(
        chat=chat, author=author, kind=ChatMessage.Kind.QUESTION, status=ChatMessage.Status.APPROVED,
        text="How should governors review exclusions?", author_name="Grace Governor", client_id="q1", approved_at=timezone.now(),
    )
    bulletin = make_bulletin(network, title="Governors spring news", subject="Governors spring news", user=staff)
    send_bulletin(staff, bulletin)
    rendition = get_image_model().objects.get(pk=image.pk).get_rendition("width-800")
    chat = LiveChatPage.objects.get(pk=chat.pk)
    return {
        "network": network,
        "urls": {
            "article": article.url,
            "thread": thread.get_absolute_url(),
            "search": "/discussions/search/?q=exclusions",
            "member": f"/members/{author.username}/",
            "feed_rss": f"/networks/{network.slug}/threads/feed/rss/",
            "feed_atom": f"/networks/{network.slug}/threads/feed/atom/",
            "tag_feed": "/discussions/tags/education/feed/rss/",
            "tag_list": "/discussions/tags/education/",
            "network_calendar": f"/networks/{network.slug}/calendar.ics",
            "chat_calendar": f"/chats/{upcoming.pk}/chat.ics",
            "transcript_md": f"/chats/{chat.pk}/transcript.md",
            "transcript_csv": f"/chats/{chat.pk}/transcript.csv",
            "bulletins": f"/networks/{network.slug}/bulletins/",
            "bulletin_feed": f"/networks/{network.slug}/bulletins/feed/",
            "document": document.url,
            "image": rendition.url,
        },
        "markers": {
            "article": "Exclusions: what governors can do",
            "thread": "Governors on exclusions policy",
            "chat": "Governors question time",
            "upcoming_chat": "Governors live Q and A",
            "question": "How should governors review exclusions?",
            "bulletin": "Governors spring news",
            "document": "%PDF",
            "image": "\x89PNG",
        },
    }


def _body(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("latin-1")
    return response.content.decode("latin-1" if response.get("Content-Type", "").startswith("image/") else "utf-8")


@pytest.mark.parametrize("surface", SURFACES, ids=lambda surface: surface.name)
def test_members_only_content_reaches_exactly_those_who_may_read_the_network(content, surface):
    network = content["network"]
    seen = []
    for role in ROLES:
        user = user_for_role(role, network)
        client = Client(raise_request_exception=True)
        if user.is_authenticated:
            client.force_login(user)
        response = client.get(content["urls"][surface.url])
        shown = response.status_code == 200 and content["markers"][surface.marker] in _body(response)
        seen.append("Y" if shown else "-")
        if surface.expected == READERS:
            assert shown == can(user, "view_network", network), f"{surface.name} as {role} disagrees with view_network"
    got = "".join(seen)
    assert got == surface.expected, f"{surface.name}: roles {ROLES}\n expected {surface.expected}\n      got {got}"


def test_the_article_links_its_document_and_image_through_the_checked_views(content, client):
    """The page's links are the permission-checked views, never the storage's own /media/ addresses."""
    member = user_for_role("member", content["network"])
    client.force_login(member)
    page = client.get(content["urls"]["article"]).content.decode()
    assert content["urls"]["document"] in page and content["urls"]["image"] in page
    assert "/media/" not in page
    assert content["urls"]["image"].startswith("/images/")
