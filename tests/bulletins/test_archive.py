"""Sent bulletins are readable on the site, listed on the network page and in its RSS feed."""

from __future__ import annotations

import pytest

from bulletins import actions as bulletin_actions
from tests.bulletins.factories import make_bulletin
from tests.networks import factories


@pytest.fixture
def sent(network, editor, member, send_now):
    bulletin = make_bulletin(network, user=editor)
    send_now(bulletin_actions.send_bulletin, editor, bulletin)
    return bulletin


@pytest.fixture
def unsent(network, editor):
    return make_bulletin(network, title="Draft for July", subject="July: not sent yet", user=editor)


def test_a_sent_bulletin_is_readable_at_its_page_url(client, sent):
    page = client.get(sent.url).content.decode()
    assert "Health Network: June update" in page
    assert "Local policy forums" in page
    assert "Sent by Health Network on" in page


def test_the_network_page_and_archive_list_only_sent_bulletins(client, network, sent, unsent):
    for url in (network.url, f"/networks/{network.slug}/bulletins/"):
        page = client.get(url).content.decode()
        assert "Health Network: June update" in page, url
        assert "July: not sent yet" not in page, url
        assert "Draft for July" not in page, url


def test_a_published_but_unsent_bulletin_is_hidden_from_members_but_not_from_editors(client, member, editor, unsent):
    client.force_login(member)
    assert client.get(unsent.url).status_code == 404
    client.force_login(editor)
    page = client.get(unsent.url)
    assert page.status_code == 200
    assert "Not sent yet" in page.content.decode()


def test_rss_feed_lists_sent_bulletins(client, network, sent, unsent):
    response = client.get(f"/networks/{network.slug}/bulletins/feed/")
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "<title>Health Network: June update</title>" in body
    assert f"http://testserver{sent.url}" in body
    assert "July: not sent yet" not in body


def test_rss_descriptions_are_text_a_reader_cannot_run(client, network, editor, member, send_now):
    """Readers show a description as HTML: an editor's summary reaches them as the characters typed."""
    from html import unescape
    from html.parser import HTMLParser
    from xml.etree import ElementTree

    bulletin = make_bulletin(network, user=editor)
    bulletin.summary = "Waiting times <img src=x onerror=alert(1)> & the <b>winter</b> plan"
    bulletin.save_revision().publish()
    send_now(bulletin_actions.send_bulletin, editor, bulletin)
    root = ElementTree.fromstring(client.get(f"/networks/{network.slug}/bulletins/feed/").content)
    descriptions = [item.findtext("description") for item in root.iter("item")]
    assert descriptions
    tags = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append(tag)

    for html in descriptions:
        Collector().feed(html)
        assert "<img src=x onerror=alert(1)>" in unescape(html)
    assert tags == []


def test_empty_archive_says_so(client, network):
    page = client.get(f"/networks/{network.slug}/bulletins/").content.decode()
    assert "Health Network has not sent a bulletin yet." in page


class TestMembersOnlyNetwork:
    @pytest.fixture
    def private_sent(self, private_network, send_now):
        editor = factories.make_user()
        factories.make_membership(editor, private_network, "editor")
        bulletin = make_bulletin(private_network, title="Governors' news", subject="Governors' news", user=editor)
        send_now(bulletin_actions.send_bulletin, editor, bulletin)
        return bulletin

    def test_members_read_the_bulletin_archive_and_page(self, client, private_network, private_sent):
        member = factories.make_user()
        factories.make_membership(member, private_network)
        client.force_login(member)
        assert client.get(private_sent.url).status_code == 200
        assert "Governors&#x27; news" in client.get(f"/networks/{private_network.slug}/bulletins/").content.decode()

    @pytest.mark.parametrize("who", ["anonymous", "non_member", "pending"])
    def test_others_cannot_read_it_anywhere(self, client, private_network, private_sent, role_user, who):
        user = role_user(who, private_network)
        if user.is_authenticated:
            client.force_login(user)
        page = client.get(private_sent.url)
        assert page.status_code == 403
        assert "Governors&#x27; news" not in page.content.decode()
        archive = client.get(f"/networks/{private_network.slug}/bulletins/")
        assert archive.status_code == 403 and "Governors&#x27; news" not in archive.content.decode()
        assert client.get(f"/networks/{private_network.slug}/bulletins/feed/").status_code == 403
        assert "Governors&#x27; news" not in client.get(private_network.url).content.decode()


def test_an_unknown_network_archive_is_404(client, db):
    assert client.get("/networks/no-such-network/bulletins/").status_code == 404
    assert client.get("/networks/no-such-network/bulletins/feed/").status_code == 404


def test_archive_queries_do_not_grow_with_the_bulletins(client, network, editor, member, send_now):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def archive_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/networks/{network.slug}/bulletins/").status_code == 200
        return len(queries)

    for n in range(2):
        send_now(bulletin_actions.send_bulletin, editor, make_bulletin(network, title=f"Issue {n}", subject=f"Issue {n}", user=editor))
    client.get(f"/networks/{network.slug}/bulletins/")  # warm the site-root cache, as any earlier request would
    with_two = archive_queries()
    for n in range(2, 6):
        send_now(bulletin_actions.send_bulletin, editor, make_bulletin(network, title=f"Issue {n}", subject=f"Issue {n}", user=editor))

    assert archive_queries() == with_two
