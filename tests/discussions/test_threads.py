"""Threads: starting, listing (sort, tag filter, pagination), nested replies, permalinks, quoting."""

import pytest
from django.test import override_settings

from discussions import actions
from discussions.models import Post, Thread
from tests.discussions.factories import member_of
from tests.networks import factories

pytestmark = pytest.mark.django_db


def test_member_starts_a_thread_with_tags(client, author, network):
    client.force_login(author)
    response = client.post(
        "/networks/health/threads/new/",
        {"title": "Social care funding", "body": "How should we *fund* it?", "tags": "social care, funding"},
    )
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/networks/health/threads/{thread.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Social care funding" in page and "<em>fund</em>" in page
    assert sorted(t.name for t in thread.tags.all()) == ["funding", "social care"]
    assert thread.follows.filter(user=author).exists()


def test_non_member_is_told_to_join_and_anonymous_to_sign_in(client, network):
    assert client.get("/networks/health/threads/new/").status_code == 302
    client.force_login(factories.make_user())
    response = client.get("/networks/health/threads/new/", follow=True)
    assert "Only members of Health Network can start threads" in response.content.decode()


def test_thread_list_sorts_and_filters_by_tag(client, author, other, network):
    old = actions.start_thread(author, network, title="Older thread", body="first", tags=["NHS"])
    new = actions.start_thread(author, network, title="Newer thread", body="second", tags=["housing"])
    actions.post_reply(other, old, body="A reply bumps the older thread")
    page = client.get("/networks/health/threads/").content.decode()
    assert page.index("Older thread") < page.index("Newer thread")
    page = client.get("/networks/health/threads/?sort=newest").content.decode()
    assert page.index("Newer thread") < page.index("Older thread")
    page = client.get("/networks/health/threads/?sort=replies").content.decode()
    assert page.index("Older thread") < page.index("Newer thread")
    page = client.get("/networks/health/threads/?tag=housing").content.decode()
    assert "Newer thread" in page and "Older thread" not in page
    assert new.pk


def test_unknown_sort_and_page_fall_back_instead_of_failing(client, thread):
    assert client.get("/networks/health/threads/?sort=bogus&page=999").status_code == 200
    assert client.get("/networks/health/threads/?page=abc").status_code == 200
    assert client.get(f"/networks/health/threads/{thread.pk}/?page=abc").status_code == 200


def test_empty_network_says_so(client, network):
    assert "No one has started a thread in Health Network yet." in client.get("/networks/health/threads/").content.decode()


@override_settings(DISCUSSIONS_THREADS_PER_PAGE=2)
def test_thread_list_paginates(client, author, network):
    for n in range(5):
        actions.start_thread(author, network, title=f"Thread number {n}", body="text")
    first = client.get("/networks/health/threads/").content.decode()
    assert "Page 1 of 3" in first and "Thread number 4" in first and "Thread number 2" not in first
    last = client.get("/networks/health/threads/?page=3").content.decode()
    assert "Thread number 0" in last


def test_replies_nest_and_deep_replies_say_what_they_answer(client, thread, author, other, opening):
    parent = opening
    chain = []
    for depth in range(1, 7):
        parent = actions.post_reply(author if depth % 2 else other, thread, body=f"Reply at depth {depth}", parent=parent)
        chain.append(parent)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert 'class="post depth-1' in page and 'class="post depth-4' in page and "depth-5" not in page
    deep = chain[-1]
    # The reply at depth 6 is drawn at depth 4 and links to the post it answers.
    article = page[page.index(f'id="post-{deep.pk}"') :]
    assert f'in reply to <a href="/discussions/posts/{deep.parent_id}/">' in article[: article.index("</article>")]
    assert [p.depth for p in Post.objects.filter(thread=thread).order_by("path")] == [0, 1, 2, 3, 4, 5, 6]


@override_settings(DISCUSSIONS_POSTS_PER_PAGE=3, DISCUSSIONS_RATE_LIMIT_POSTS=100)
def test_permalink_finds_the_page_a_post_is_on(client, thread, other, opening):
    replies = [actions.post_reply(other, thread, body=f"Reply {n}") for n in range(7)]
    # A late reply to the first reply sits early in reading order, on page 2.
    nested = actions.post_reply(other, thread, body="Late answer to reply 0", parent=replies[0])
    response = client.get(f"/discussions/posts/{replies[6].pk}/")
    assert response["Location"] == f"{thread.get_absolute_url()}?page=3#post-{replies[6].pk}"
    response = client.get(f"/discussions/posts/{nested.pk}/")
    assert response["Location"] == f"{thread.get_absolute_url()}#post-{nested.pk}"
    response = client.get(f"/discussions/posts/{replies[2].pk}/")
    assert response["Location"] == f"{thread.get_absolute_url()}?page=2#post-{replies[2].pk}"
    assert f'id="post-{replies[2].pk}"' in client.get(f"{thread.get_absolute_url()}?page=2").content.decode()


def test_quoting_prefills_the_reply_with_the_post(client, thread, other, opening):
    client.force_login(other)
    page = client.get(f"/discussions/threads/{thread.pk}/reply/?to={opening.pk}&quote=1").content.decode()
    assert "Aisha Author wrote:" in page
    assert "&gt; Our CLP found **three-week** waits" in page


def test_reply_through_the_page_lands_on_the_new_post(client, thread, other, opening):
    client.force_login(other)
    response = client.post(f"/discussions/threads/{thread.pk}/reply/", {"body": "We saw the same in Cumbria.", "parent": opening.pk})
    post = Post.objects.get(body="We saw the same in Cumbria.")
    assert response["Location"] == f"/discussions/posts/{post.pk}/"
    thread.refresh_from_db()
    assert thread.reply_count == 1 and thread.last_post_id == post.pk


def test_moved_thread_address_redirects_to_its_new_network(client, thread):
    other_network = factories.make_network("Housing Network", slug="housing")
    Thread.objects.filter(pk=thread.pk).update(network=other_network)
    response = client.get(f"/networks/health/threads/{thread.pk}/")
    assert response["Location"] == f"/networks/housing/threads/{thread.pk}/"


def test_members_only_threads_are_hidden_from_outsiders(client, private_network):
    insider = member_of(private_network)
    thread = actions.start_thread(insider, private_network, title="Governor training", body="Secret plans")
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 403 and "Secret plans" not in response.content.decode()
    assert client.get(f"/discussions/posts/{thread.posts.get().pk}/").status_code == 403
    client.force_login(insider)
    assert "Secret plans" in client.get(thread.get_absolute_url()).content.decode()


def test_missing_thread_and_post_are_404(client, network):
    assert client.get("/networks/health/threads/999/").status_code == 404
    assert client.get("/discussions/posts/999/").status_code == 404
    assert client.get("/networks/nowhere/threads/").status_code == 404


def test_mention_links_to_the_member_page(client, thread, other):
    actions.post_reply(other, thread, body=f"Agree with @{thread.author.username}")
    page = client.get(thread.get_absolute_url()).content.decode()
    assert f'href="/members/{thread.author.username}/" class="mention"' in page
    member_page = client.get(f"/members/{thread.author.username}/").content.decode()
    assert "Aisha Author" in member_page and "GP waiting times" in member_page
    assert client.get("/members/nobody-here/").status_code == 404


def test_network_page_and_home_page_show_the_latest_discussions(client, thread, private_network):
    insider = member_of(private_network)
    actions.start_thread(insider, private_network, title="Closed governors thread", body="x")
    network_page = client.get("/networks/health/").content.decode()
    assert "GP waiting times in rural areas" in network_page and "All discussions in Health Network" in network_page
    home = client.get("/").content.decode()
    assert "GP waiting times in rural areas" in home
    assert "Closed governors thread" not in home


def test_network_page_offers_start_a_thread_to_whoever_the_rules_allow(client, network, thread):
    """The slot asks start_thread: commission members take part in every network without joining it."""
    new_thread_url = f"/networks/{network.slug}/threads/new/"
    client.force_login(factories.make_commission_member(name="Cllr Colin Commission"))
    assert new_thread_url in client.get(network.url).content.decode()
    client.force_login(factories.make_user())
    assert new_thread_url not in client.get(network.url).content.decode()
