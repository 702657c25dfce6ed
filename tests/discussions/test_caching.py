"""The thread page from the cache is never older than a change someone made or read (networks.caching).

Each test first reads the page as it will be read again (so what is shared is kept), proves the
next read comes from the cache, then changes something the way members do and reads again as
everyone concerned: a visitor, another member, the member who changed it.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from discussions import actions
from networks.actions import set_member_role
from networks.models import NetworkMembership, NetworkPage
from tests.discussions.factories import member_of
from tests.networks import factories

pytestmark = pytest.mark.django_db


def _read(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def visitor():
    return Client()


@pytest.fixture
def reader(other):
    client = Client()
    client.force_login(other)
    return client


def test_a_visitor_gets_the_kept_page_without_a_query(visitor, thread):
    url = thread.get_absolute_url()
    _read(visitor, url)
    assert _queries(visitor, url) == 0
    assert _queries(Client(), url) == 0  # another visitor: the same page


def test_a_reply_reaches_the_visitor_and_the_member_who_had_the_page(client, visitor, reader, thread, author):
    url = thread.get_absolute_url()
    _read(visitor, url), _read(reader, url)
    client.force_login(author)
    response = client.post(f"/discussions/threads/{thread.pk}/reply/", {"body": "The surgery now opens on Saturdays."})
    assert response.status_code == 302
    assert "The surgery now opens on Saturdays." in _read(visitor, url)
    assert "The surgery now opens on Saturdays." in _read(reader, url)
    assert "1 reply" in _read(visitor, url)


def test_the_author_sees_their_reply_on_the_page_they_are_sent_back_to(client, thread, author):
    client.force_login(author)
    url = thread.get_absolute_url()
    _read(client, url)
    response = client.post(f"/discussions/threads/{thread.pk}/reply/", {"body": "Adding the figures."}, follow=True)
    assert "Adding the figures." in response.content.decode()


def test_a_hidden_post_is_hidden_from_everyone_who_had_it(client, visitor, reader, thread, opening, author, moderator):
    reply = actions.post_reply(author, thread, body="Something the moderators will hide")
    url = thread.get_absolute_url()
    for someone in (visitor, reader):
        assert "Something the moderators will hide" in _read(someone, url)
    client.force_login(moderator)
    assert client.post(f"/discussions/posts/{reply.pk}/hide/", {"reason": "Personal attack"}).status_code == 302
    for someone in (visitor, reader):
        page = _read(someone, url)
        assert "Something the moderators will hide" not in page and "[hidden]" in page
    page = _read(client, url)  # the moderator still reads it, marked
    assert "Something the moderators will hide" in page and "only moderators see this text" in page


def test_an_edit_replaces_the_text_everyone_had(client, visitor, reader, thread, opening, author):
    url = thread.get_absolute_url()
    _read(visitor, url), _read(reader, url)
    actions.edit_post(author, opening, body="Corrected: **two-week** waits.")
    for someone in (visitor, reader):
        page = _read(someone, url)
        assert "two-week" in page and "three-week" not in page


def test_a_network_made_members_only_stops_serving_its_kept_pages(visitor, reader, thread, network, author):
    url = thread.get_absolute_url()
    outsider = Client()
    outsider.force_login(factories.make_user(name="Nadia Nonmember"))
    for someone in (visitor, outsider):
        assert "three-week" in _read(someone, url)
    network.visibility = NetworkPage.Visibility.MEMBERS_ONLY
    network.save_revision().publish()
    assert "three-week" not in _read(visitor, url, status=403)  # the members-only page
    assert "three-week" not in _read(outsider, url, status=403)
    assert "three-week" in _read(reader, url)  # a member still reads it


def test_members_only_pages_are_never_given_to_those_who_may_not_read_them(private_network):
    author = member_of(private_network, name="Sita Schoolgovernor")
    thread = actions.start_thread(author, private_network, title="Governor vacancies", body="Our school has three.")
    url = thread.get_absolute_url()
    member = Client()
    member.force_login(author)
    assert "Our school has three." in _read(member, url)
    assert "Our school has three." in _read(member, url)
    visitor, outsider = Client(), Client()
    outsider.force_login(factories.make_user())
    assert "Our school has three." not in _read(visitor, url, status=403)
    assert "Our school has three." not in _read(outsider, url, status=403)


def test_a_new_moderator_gets_a_badge_for_everyone_and_the_tools_for_themself(
    visitor, reader, thread, network, other, author
):
    reply = actions.post_reply(other, thread, body="I can help keep this civil.")
    url = thread.get_absolute_url()
    editor = member_of(network, "editor", name="Eddie Editor")
    page = _read(visitor, url)
    assert "badge-moderator" not in page
    assert f"/discussions/posts/{reply.pk}/hide/" not in _read(reader, url)
    set_member_role(editor, NetworkMembership.objects.get(user=other, network=network), "moderator")
    assert "badge-moderator" in _read(visitor, url)
    page = _read(reader, url)
    assert f"/discussions/posts/{thread.posts.get(parent=None).pk}/hide/" in page  # the tools, on every post
    author_view = Client()
    author_view.force_login(author)
    assert "/hide/" not in _read(author_view, url)  # the author is not a moderator


def test_each_member_gets_their_own_links_and_marks_from_the_shared_rendering(thread, opening, author, other):
    reply = actions.post_reply(other, thread, body="A reply from Omar")
    url = thread.get_absolute_url()
    as_author, as_other = Client(), Client()
    as_author.force_login(author)
    as_other.force_login(other)
    author_page = _read(as_author, url)
    other_page = _read(as_other, url)
    # Edit links only on one's own posts, Report links only on others'.
    assert f"/discussions/posts/{opening.pk}/edit/" in author_page and f"/discussions/posts/{reply.pk}/edit/" not in author_page
    assert f"/discussions/posts/{reply.pk}/edit/" in other_page and f"/discussions/posts/{opening.pk}/edit/" not in other_page
    assert f"/discussions/posts/{reply.pk}/report/" in author_page and f"/discussions/posts/{opening.pk}/report/" in other_page
    assert f"/discussions/posts/{opening.pk}/report/" not in author_page
    # A third member reading for the first time sees both posts as new; the author saw Omar's reply as new.
    newcomer = Client()
    newcomer.force_login(member_of(thread.network, name="Nell Newcomer"))
    assert _read(newcomer, url).count('class="tag tag-new"') == 2
    assert author_page.count('class="tag tag-new"') == 1
    assert _read(as_author, url).count('class="tag tag-new"') == 0  # read now


def test_a_visitor_with_a_message_waiting_gets_it_and_nobody_else_does(client, thread, author):
    url = thread.get_absolute_url()
    _read(Client(), url)
    client.force_login(author)
    client.post("/accounts/logout/")
    page = _read(client, url)  # the visitor who just signed out
    assert "You have signed out." in page
    assert "You have signed out." not in _read(client, url)
    assert "You have signed out." not in _read(Client(), url)


def test_a_kept_page_carries_no_token_or_cookie_of_another_visitor(thread):
    url = thread.get_absolute_url()
    first = Client().get(url)
    second = Client().get(url)
    assert second.content == first.content
    assert "csrfmiddlewaretoken" not in second.content.decode()
    assert not second.cookies


def test_a_suspension_that_hides_posts_hides_them_from_everyone_who_had_them(visitor, reader, thread, author):
    """Staff's suspension hides the member's posts in one step (`QuerySet.update()`), and every kept copy goes."""
    import warnings

    from networks.actions.suspensions import lift_suspension, suspend_member
    from networks.caching import UncoveredWrite

    actions.post_reply(author, thread, body="Posts a suspension will hide")
    url = thread.get_absolute_url()
    for someone in (visitor, reader):
        assert "Posts a suspension will hide" in _read(someone, url)
    staff = factories.make_user(name="Sue Staff", staff=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UncoveredWrite)  # every write of the action is accounted for, none retires everything
        suspension = suspend_member(staff, author, reason="Spam", hide_posts=True)
    for someone in (visitor, reader):
        assert "Posts a suspension will hide" not in _read(someone, url)
    lift_suspension(staff, suspension, reason="Reviewed", restore_posts=True)
    for someone in (visitor, reader):
        assert "Posts a suspension will hide" in _read(someone, url)
