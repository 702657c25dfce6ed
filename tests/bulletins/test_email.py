"""The email itself: both parts from one content, absolute links, alt text, sender, one-click unsubscribe."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import RichText

from bulletins import actions as bulletin_actions
from bulletins.models import BulletinSubscription
from tests.bulletins.factories import make_bulletin
from tests.networks import factories


@pytest.fixture
def image(db):
    return Image.objects.create(title="Forum in Leeds", file=get_test_image_file())


@pytest.fixture
def sent_email(network, editor, members, image, send_now):
    other = factories.make_network("Sports Network", slug="sports")
    article_link = f'<a linktype="page" id="{other.pk}">the Sports Network</a>'
    bulletin = make_bulletin(
        network,
        user=editor,
        body=[
            ("rich_text", RichText(f"<p>Members of {article_link} joined our forum.</p>")),
            ("image", {"image": image, "alt_text": "Members around a table at the Leeds forum", "caption": "Leeds, May"}),
            ("call_to_action", {"heading": "Have your say", "text": "", "button_label": "Read the guide", "page": other, "url": ""}),
            ("latest_threads", {"heading": "Latest discussions", "count": 3}),
        ],
    )
    send_now(bulletin_actions.send_bulletin, editor, bulletin)
    return next(message for message in mail.outbox if message.to == [members[0].email])


def html_part(message) -> str:
    return message.alternatives[0][0]


def test_html_and_text_parts_carry_the_same_content(sent_email):
    html, text = html_part(sent_email), sent_email.body
    assert sent_email.alternatives[0][1] == "text/html"
    for words in ["Health Network: June update", "What the Health policy commission asked", "Have your say",
                  "Read the guide", "Latest discussions", "joined our forum"]:
        assert words in html and words in text.replace("HAVE YOUR SAY", "Have your say").replace(
            "LATEST DISCUSSIONS", "Latest discussions"
        )


def test_every_link_and_image_is_absolute(sent_email):
    html, text = html_part(sent_email), sent_email.body
    hrefs = re.findall(r'(?:href|src)="([^"]+)"', html)
    assert hrefs and all(url.startswith(("http://testserver/", "https://")) for url in hrefs), hrefs
    assert 'href="http://testserver/networks/sports/"' in html
    assert "the Sports Network (http://testserver/networks/sports/)" in text
    assert "Read the guide: http://testserver/networks/sports/" in text
    assert re.search(r'<img src="http://testserver/images/[^"]+"', html)


def test_images_have_alt_text_in_both_parts(sent_email):
    assert 'alt="Members around a table at the Leeds forum"' in html_part(sent_email)
    assert "[Image: Members around a table at the Leeds forum]" in sent_email.body


def test_sender_name_is_the_network(sent_email):
    assert sent_email.from_email == "Health Network via Policy Networks <networks@example.org>"
    assert sent_email.subject == "Health Network: June update"


def test_one_click_unsubscribe_headers_and_links(sent_email, members):
    headers = sent_email.extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.fullmatch(r"<(http://testserver/unsubscribe/[^>]+/)>", headers["List-Unsubscribe"]).group(1)
    assert link in html_part(sent_email) and link in sent_email.body
    assert "http://testserver/notifications/preferences/" in sent_email.body
    assert "health.bulletins.testserver" in headers["List-Id"]


def test_each_member_gets_their_own_unsubscribe_link(sent_email, members):
    links = {message.extra_headers["List-Unsubscribe"] for message in mail.outbox}
    assert len(links) == len(mail.outbox)


def test_one_click_post_unsubscribes_without_signing_in(client, sent_email, members, network, editor, send_now):
    link = sent_email.extra_headers["List-Unsubscribe"].strip("<>").replace("http://testserver", "")

    response = client.post(link, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert BulletinSubscription.objects.get(user=members[0], network=network).receive is False
    assert client.post(link).status_code == 200  # mail providers may repeat the POST

    mail.outbox.clear()
    later = make_bulletin(network, title="July update", subject="July update", user=editor)
    send_now(bulletin_actions.send_bulletin, editor, later)
    assert members[0].email not in {address for message in mail.outbox for address in message.to}
    assert members[1].email in {address for message in mail.outbox for address in message.to}


def test_the_unsubscribe_page_names_the_network(client, sent_email):
    link = sent_email.extra_headers["List-Unsubscribe"].strip("<>").replace("http://testserver", "")
    response = client.get(link)
    assert response.status_code == 200
    assert "bulletins from Health Network" in response.content.decode()


def test_a_tampered_unsubscribe_link_changes_nothing(client, sent_email, members, network):
    link = sent_email.extra_headers["List-Unsubscribe"].strip("<>").replace("http://testserver", "")
    response = client.post(link[:-5] + "xxxx/")
    assert response.status_code == 400
    assert not BulletinSubscription.objects.filter(user=members[0]).exists()


def test_live_blocks_show_what_is_current_when_sent(network, editor, members, send_now):
    from chat.models import LiveChatPage
    from discussions.models import Thread

    Thread.objects.create(network=network, title="Waiting times in A&E", author=members[0])
    network.add_child(
        instance=LiveChatPage(
            title="Ask the health minister",
            slug="ask-the-minister",
            topic="Waiting lists",
            starts_at=timezone.now() + timezone.timedelta(days=3),
            ends_at=timezone.now() + timezone.timedelta(days=3, hours=1),
        )
    )
    bulletin = make_bulletin(
        network,
        user=editor,
        body=[
            ("upcoming_chats", {"heading": "Live chats coming up", "count": 3}),
            ("latest_threads", {"heading": "Latest discussions", "count": 3}),
        ],
    )
    send_now(bulletin_actions.send_bulletin, editor, bulletin)

    message = mail.outbox[0]
    assert "Ask the health minister" in message.body and "Ask the health minister" in html_part(message)
    assert "http://testserver/networks/health/ask-the-minister/" in message.body
    assert "Waiting times in A&amp;E" in html_part(message)
    assert "Waiting times in A&E" in message.body


def test_a_chat_under_way_when_sent_is_marked_live_now(network, editor, members, send_now):
    from chat.models import LiveChatPage

    for slug, title, start in [("now", "Happening now", -1), ("later", "Next week", 7 * 24)]:
        network.add_child(
            instance=LiveChatPage(
                title=title,
                slug=slug,
                topic="Waiting lists",
                starts_at=timezone.now() + timezone.timedelta(hours=start),
                ends_at=timezone.now() + timezone.timedelta(hours=start + 2),
            )
        )
    bulletin = make_bulletin(network, user=editor, body=[("upcoming_chats", {"heading": "Live chats", "count": 3})])
    send_now(bulletin_actions.send_bulletin, editor, bulletin)

    message = mail.outbox[0]
    assert "Happening now [Live now]" in message.body
    assert "Next week [Live now]" not in message.body and "Next week" in message.body
    assert "Live now</strong>" in html_part(message)


def test_a_test_copy_goes_to_the_editor_alone_and_shows_the_draft(network, editor, members, send_now):
    bulletin = make_bulletin(network, user=editor, publish=False, subject="Draft: July update")

    address = send_now(bulletin_actions.send_test_bulletin, editor, bulletin)

    assert address == editor.email
    assert [message.to for message in mail.outbox] == [[editor.email]]
    assert mail.outbox[0].subject == "[Test] Draft: July update"
    assert not bulletin.is_sent
