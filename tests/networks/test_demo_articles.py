"""The demo's curated articles are written out in full, as a network editor would, with described pictures."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.utils.html import strip_tags
from wagtail.images.models import Image

from home import demo as home_demo
from networks import demo
from networks.models import NetworkArticlePage

pytestmark = pytest.mark.django_db


def words(article: NetworkArticlePage) -> int:
    text = " ".join(strip_tags(str(block.value.source if hasattr(block.value, "source") else "")) for block in article.body)
    return len(re.findall(r"\w+", text))


@pytest.fixture
def loaded():
    home_demo.load(StringIO())
    demo.load(StringIO())


def test_every_article_is_written_out_not_its_summary_again(loaded):
    articles = list(NetworkArticlePage.objects.all())
    assert len(articles) == sum(len(spec["articles"]) for spec in demo.NETWORKS)
    for article in articles:
        assert words(article) >= 120, f"“{article.title}” has only {words(article)} words"
        assert demo.STUB_MARK not in str(article.body.raw_data)
        assert article.summary not in str(article.body.raw_data), f"“{article.title}” repeats its summary as its body"


def test_the_forum_guide_walks_through_the_briefings_steps(loaded):
    guide = NetworkArticlePage.objects.get(slug="running-a-local-policy-forum-on-health")
    html = "".join(str(block.value.source) for block in guide.body if block.block_type == "rich_text")
    steps = re.findall(r"<h2>(\d)\. ", html)
    assert steps == [str(n) for n in range(1, 9)]
    for fact in ("small groups", "wider community", "cluster", "Local policy forum report", "14 days"):
        assert fact.lower() in html.lower() or (fact == "cluster" and "neighbouring constituencies" in html), fact


def test_every_picture_has_alt_text_and_is_drawn_once(loaded):
    pictures = [block.value for article in NetworkArticlePage.objects.all() for block in article.body if block.block_type == "image"]
    assert len(pictures) >= 4
    for picture in pictures:
        assert len(picture["alt_text"]) > 60 and picture["image"].file.size > 1000
    demo.load(StringIO())
    assert Image.objects.count() == len({picture["image"].pk for picture in pictures})


def test_a_stub_from_an_earlier_demo_gets_its_full_text(loaded, client):
    guide = NetworkArticlePage.objects.get(slug="running-a-local-policy-forum-on-health")
    guide.body = [("rich_text", f"<p>A step-by-step guide. Members {demo.STUB_MARK}.</p>")]
    guide.save_revision().publish()
    demo.load(StringIO())
    guide = NetworkArticlePage.objects.get(pk=guide.pk)
    assert demo.STUB_MARK not in str(guide.body.raw_data) and words(guide) > 400
    html = client.get(guide.url).content.decode()
    assert 'alt="Plan of a room set out for a local policy forum' in html
