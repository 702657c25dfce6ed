"""A page's body is rendered once for every signed-in reader, and never shown older than a change.

`{% page_body page %}` (networks.templatetags.page_body) keeps the rendered StreamField of network
and article pages. Each test reads the page as a member (the body kept), changes something the body
shows, in the way an editor would, and reads again.
"""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from networks.models import NetworkArticlePage
from tests.networks import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    client = Client()
    client.force_login(factories.make_user())
    return client


@pytest.fixture
def article(network):
    image = factories.make_image(network, title="Forum in Leeds")
    page = NetworkArticlePage(
        title="Running a local forum",
        slug="running-a-forum",
        summary="How to.",
        body=[
            ("rich_text", "<p>Book a room near a bus stop.</p>"),
            ("image", {"image": image, "alt_text": "Members around a table", "caption": "Leeds, March"}),
        ],
    )
    network.add_child(instance=page)
    page.save_revision().publish()
    return page


def _read(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _picture(html: str) -> str:
    """The address of the body's picture (its rendition's file)."""
    tag = re.search(r'<img [^>]*alt="Members around a table"[^>]*>', html).group(0)
    return re.search(r'src="([^"]+)"', tag).group(1)


def test_the_body_is_rendered_once_then_kept_for_every_member(article, member):
    url = article.url
    first = _read(member, url)
    assert "Book a room near a bus stop." in first and 'alt="Members around a table"' in first
    # The first view made the picture's rendition: a write to a table the rendering read, which
    # retires what it kept. The second is kept.
    assert _picture(_read(member, url)) == _picture(first)
    other = Client()
    other.force_login(factories.make_user())
    # Another member gets the kept rendering, the same picture, without asking for it again.
    with CaptureQueriesContext(connection) as captured:
        assert _picture(_read(other, url)) == _picture(first)
    assert not [query["sql"] for query in captured if "wagtailimages" in query["sql"]]


def test_a_published_edit_reaches_members_at_once(article, member):
    _read(member, article.url)
    _read(member, article.url)
    page = NetworkArticlePage.objects.get(pk=article.pk)
    page.body = [("rich_text", "<p>Book a room with step-free access.</p>")]
    page.save_revision().publish()
    html = _read(member, article.url)
    assert "Book a room with step-free access." in html and "near a bus stop" not in html


def test_a_draft_is_not_shown_until_published_and_its_preview_shows_the_draft(article, member, network):
    _read(member, article.url)
    page = NetworkArticlePage.objects.get(pk=article.pk)
    page.body = [("rich_text", "<p>Draft: a room above the library.</p>")]
    page.save_revision()  # not published
    assert "near a bus stop" in _read(member, article.url)
    staff = Client()
    staff.force_login(factories.make_user(staff=True))
    preview = _read(staff, f"/admin/pages/{article.pk}/view_draft/")
    assert "Draft: a room above the library." in preview and "near a bus stop" not in preview


def test_a_picture_changed_in_the_image_library_is_shown_changed(article, member):
    before = _read(member, article.url)
    _read(member, article.url)
    image = get_image_model().objects.get(title="Forum in Leeds")
    image.renditions.all().delete()
    image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = 1, 1, 1, 1
    image.save()
    after = _read(member, article.url)
    assert _picture(after) != _picture(before)


def test_a_renamed_network_page_linked_from_the_body_is_linked_at_its_new_address(network, member):
    target = NetworkArticlePage(title="Forum guide", slug="forum-guide", summary="")
    network.add_child(instance=target)
    target.save_revision().publish()
    page = NetworkArticlePage(
        title="Start here",
        slug="start-here",
        body=[("rich_text", f'<p>Read the <a linktype="page" id="{target.pk}">forum guide</a>.</p>')],
    )
    network.add_child(instance=page)
    page.save_revision().publish()
    assert 'href="/networks/health/forum-guide/"' in _read(member, page.url)
    _read(member, page.url)
    target.slug = "guide-to-forums"
    target.save_revision().publish()
    assert 'href="/networks/health/guide-to-forums/"' in _read(member, page.url)
