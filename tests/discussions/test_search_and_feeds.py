"""Search respects visibility; feeds exist only for public networks and tags."""

import pytest

from discussions import actions
from discussions.search import search_discussions
from tests.discussions.factories import member_of
from tests.networks import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(network, private_network, author, moderator):
    insider = member_of(private_network)
    public = actions.start_thread(author, network, title="Ambulance response times", body="Rural ambulance delays", tags=["NHS"])
    secret = actions.start_thread(insider, private_network, title="Ambulance governors briefing", body="Confidential ambulance notes")
    hidden = actions.post_reply(author, public, body="Ambulance rant with insults")
    actions.hide_post(moderator, hidden, reason="Insults")
    housing = actions.start_thread(author, network, title="Ambulance stations and housing", body="Planning", tags=["housing"])
    return {"public": public, "secret": secret, "hidden": hidden, "insider": insider, "housing": housing}


def _titles(results):
    return {t.title for t in results.threads} | {p.thread.title for p in results.posts}


def test_non_members_never_see_members_only_threads(corpus):
    results = search_discussions(factories.make_user(), "ambulance")
    assert "Ambulance response times" in _titles(results)
    assert "Ambulance governors briefing" not in _titles(results)
    assert "Confidential" not in " ".join(p.body for p in results.posts)
    assert "Ambulance governors briefing" in _titles(search_discussions(corpus["insider"], "ambulance"))


def test_hidden_posts_only_reach_moderators(corpus, moderator):
    member_results = search_discussions(factories.make_user(), "insults")
    assert corpus["hidden"].pk not in [p.pk for p in member_results.posts]
    assert corpus["hidden"].pk in [p.pk for p in search_discussions(moderator, "insults").posts]


def test_filters_by_network_and_tag(corpus, network, private_network):
    insider = corpus["insider"]
    only_private = search_discussions(insider, "ambulance", network=private_network)
    assert _titles(only_private) == {"Ambulance governors briefing"}
    tagged = search_discussions(insider, "ambulance", tag="housing")
    assert _titles(tagged) == {"Ambulance stations and housing"}


def test_search_page_lists_results_and_handles_nothing(client, corpus):
    page = client.get("/discussions/search/?q=ambulance").content.decode()
    assert "Ambulance response times" in page and "Ambulance governors briefing" not in page
    assert "Nothing matched" in client.get("/discussions/search/?q=zebra").content.decode()
    assert "Type what you are looking for" in client.get("/discussions/search/").content.decode()
    # A members-only network is not even offered as a filter to outsiders.
    assert client.get("/discussions/search/?q=ambulance&network=school-governors").status_code == 200
    assert "Ambulance governors" not in client.get("/discussions/search/?q=ambulance&network=school-governors").content.decode()


def test_network_feeds_in_rss_and_atom(client, corpus):
    rss = client.get("/networks/health/threads/feed/rss/")
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    body = rss.content.decode()
    assert "Ambulance response times" in body and "Rural ambulance delays" in body
    atom = client.get("/networks/health/threads/feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml") and "Ambulance response times" in atom.content.decode()


def test_members_only_networks_have_no_feed(client, corpus):
    assert client.get("/networks/school-governors/threads/feed/rss/").status_code == 404


def test_tag_feeds_list_public_threads_with_the_tag(client, corpus, private_network):
    actions.start_thread(corpus["insider"], private_network, title="Private NHS thread", body="x", tags=["NHS"])
    body = client.get("/discussions/tags/nhs/feed/rss/").content.decode()
    assert "Ambulance response times" in body and "Private NHS thread" not in body
    assert "Ambulance stations" not in body
    assert client.get("/discussions/tags/nhs/feed/atom/").status_code == 200
    assert client.get("/discussions/tags/no-such-tag/feed/rss/").status_code == 404
    page = client.get("/discussions/tags/nhs/").content.decode()
    assert "Ambulance response times" in page and "Private NHS thread" not in page


def test_a_threads_tags_are_searchable(corpus):
    results = search_discussions(factories.make_user(), "housing")
    assert "Ambulance stations and housing" in _titles(results)
    nhs = search_discussions(factories.make_user(), "NHS")
    assert "Ambulance response times" in {t.title for t in nhs.threads}


def test_an_unmatched_quote_searches_the_words_instead_of_failing(client, corpus):
    for query in ('"ambulance', 'rural ambulance"', 'é"'):
        response = client.get("/discussions/search/", {"q": query})
        assert response.status_code == 200, query
    assert "Ambulance response times" in client.get("/discussions/search/", {"q": '"ambulance'}).content.decode()
    assert "Ambulance response times" in _titles(search_discussions(factories.make_user(), '"rural ambulance'))


HOSTILE = "<body onload=alert(1)> and &lt;img src=x onerror=alert(2)&gt; about <script>alert(3)</script> parking"


def _descriptions(xml: str) -> list[str]:
    """What a feed reader takes as each item's HTML: RSS <description>, Atom <summary type="html">."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(xml)
    return [element.text or "" for element in root.iter() if element.tag.rsplit("}", 1)[-1] in ("description", "summary")]


def _tags_in(html: str) -> list[str]:
    from html.parser import HTMLParser

    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append(tag)

    Collector().feed(html)
    return found


@pytest.mark.parametrize(
    "url", ["/networks/health/threads/feed/rss/", "/networks/health/threads/feed/atom/", "/discussions/tags/nhs/feed/rss/",
            "/discussions/tags/nhs/feed/atom/"]
)
def test_feed_descriptions_are_text_a_reader_cannot_run(client, network, author, url):
    actions.start_thread(author, network, title="Hospital parking charges", body=HOSTILE, tags=["NHS"])
    descriptions = [text for text in _descriptions(client.get(url).content.decode()) if "parking" in text]
    assert descriptions, "the thread's description is in the feed"
    for html in descriptions:
        assert _tags_in(html) == [], html  # as HTML, no element at all: the reader shows the characters
        from html import unescape

        shown = unescape(html)
        assert "<body onload=alert(1)>" in shown and "<script>alert(3)</script>" in shown


def test_plain_excerpt_is_plain_text_that_templates_escape():
    from django.template import Context, Template
    from django.utils.safestring import SafeString

    from discussions.text import plain_excerpt

    text = plain_excerpt("**Bold** <body onload=alert(1)> &lt;b&gt; `code`")
    assert text == "Bold <body onload=alert(1)> <b> code"
    assert not isinstance(text, SafeString)
    assert Template("{{ text }}").render(Context({"text": text})) == "Bold &lt;body onload=alert(1)&gt; &lt;b&gt; code"
