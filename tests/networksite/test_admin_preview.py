"""Every page type previews in the admin, for staff and for the network's editor (issue 19, item 13).

Wagtail previews a page through `serve_preview`, not `serve`: a page type whose template
needs more than `get_context` gives (the live chat) answered 500. Each page type here has an
instance, and a test fails when a new page type is added without one.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page, get_page_models

from bulletins.models import CoordinatorBulletinsPage
from chat.models import LiveChatPage
from chat.models.events import LiveChatState
from networks.models import NetworkArticlePage
from tests.bulletins.factories import make_bulletin
from tests.chat.factories import make_chat
from tests.commissions.factories import commission_page
from tests.networks import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_of_each(network):
    """A live page of every page type, all inside the Health Network where a network can hold them."""
    editor = factories.make_user("eddie.editor@example.org", name="Eddie Editor")
    factories.make_membership(editor, network, "editor")
    article = NetworkArticlePage(title="Running a local policy forum", slug="forum-guide", summary="How to run one.")
    network.add_child(instance=article)
    chat = make_chat(network, title="Ask the Health Secretary", status="live")
    pages = [network.get_parent().specific, network, article, chat, make_bulletin(network, user=editor),
             commission_page(factories.make_commission())]
    pages += [pages[-1].get_parent().specific, network.get_parent().get_parent().specific]
    coordinators = CoordinatorBulletinsPage(title="PiP coordinators: updates", slug="pip-coordinators")
    network.get_parent().get_parent().add_child(instance=coordinators)
    pages.append(coordinators)
    return {"pages": pages, "editor": editor, "chat": chat}


def test_every_page_type_has_a_page_here(one_of_each):
    assert {type(page) for page in one_of_each["pages"]} == set(get_page_models()) - {Page}


def test_staff_preview_every_page_type(client, one_of_each):
    client.force_login(factories.make_user(staff=True))
    for page in one_of_each["pages"]:
        response = client.get(f"/admin/pages/{page.pk}/view_draft/")
        assert response.status_code == 200, f"{type(page).__name__} {page.url}: {response.status_code}"
        assert page.title in response.content.decode()


def test_the_network_editor_previews_the_network_pages(client, one_of_each, network):
    client.force_login(one_of_each["editor"])
    for page in one_of_each["pages"]:
        if page.path.startswith(network.path):
            assert client.get(f"/admin/pages/{page.pk}/view_draft/").status_code == 200, type(page).__name__


def test_a_chat_preview_shows_its_details_and_leaves_the_running_chat_alone(client, one_of_each):
    chat = one_of_each["chat"]
    LiveChatState.objects.filter(chat_id=chat.pk).delete()
    client.force_login(factories.make_user(staff=True))
    html = client.get(f"/admin/pages/{chat.pk}/view_draft/").content.decode()
    assert "Live now" in html and "Ask the Health Secretary" in html
    assert "This is a preview of the chat's details" in html
    assert "chat/live.js" not in html  # no socket from a preview
    assert not LiveChatState.objects.filter(chat_id=chat.pk).exists()  # the preview wrote nothing


def test_a_new_chat_previews_before_it_is_ever_saved(client, one_of_each, network):
    client.force_login(factories.make_user(staff=True))
    url = f"/admin/pages/add/chat/livechatpage/{network.pk}/preview/"
    starts = timezone.localtime() + timedelta(days=5)
    form = client.get(f"/admin/pages/add/chat/livechatpage/{network.pk}/").content.decode()
    data = {name: value for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)}
    data.update({
        "title": "Ask the schools minister", "slug": "ask-the-schools-minister", "topic": "Teacher recruitment",
        "starts_at": f"{starts:%Y-%m-%d %H:%M}", "ends_at": f"{starts + timedelta(hours=1):%Y-%m-%d %H:%M}", "format": "qa",
    })
    checked = client.post(url, data)
    assert checked.json() == {"is_valid": True, "is_available": True}, checked.content
    html = client.get(url).content.decode()
    assert "Ask the schools minister" in html and "Scheduled" in html
    assert not LiveChatPage.objects.filter(slug="ask-the-schools-minister").exists()
