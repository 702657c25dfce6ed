"""Indexing a load's saves in one batch at the end (networks.indexing): nothing saved is left unfound."""

from __future__ import annotations

import pytest
from django.utils.text import slugify
from wagtail.search.backends import get_search_backend

from networks.indexing import indexing_at_the_end
from networks.models import PartyUnit, Region

pytestmark = pytest.mark.django_db


def _unit(name: str, region: Region, kind=PartyUnit.Kind.CLP) -> PartyUnit:
    return PartyUnit.objects.create(name=name, slug=slugify(name), kind=kind, region=region)


def _found(words: str) -> list[str]:
    return sorted(unit.name for unit in get_search_backend().search(words, PartyUnit.objects.all()))


@pytest.fixture
def region():
    return Region.objects.create(name="North West", slug="north-west")


def test_what_is_saved_inside_is_found_once_the_block_ends_and_saving_after_it_indexes_at_once(region):
    with indexing_at_the_end():
        _unit("Warrington North CLP", region)
        assert _found("Warrington") == []  # not one index write per save
    assert _found("Warrington") == ["Warrington North CLP"]

    _unit("Warrington South CLP", region)
    assert _found("Warrington") == ["Warrington North CLP", "Warrington South CLP"]


def test_the_index_holds_what_the_row_became_not_what_it_was_when_first_saved(region):
    with indexing_at_the_end():
        unit = _unit("Halton CLP", region)
        unit.name = "Widnes and Halewood CLP"
        unit.save()
    assert _found("Halton") == []
    assert _found("Widnes") == ["Widnes and Halewood CLP"]


def test_blocks_nest_and_the_outermost_indexes(region):
    with indexing_at_the_end():
        with indexing_at_the_end():
            _unit("Bolton West CLP", region)
        assert _found("Bolton") == []
    assert _found("Bolton") == ["Bolton West CLP"]


def test_what_was_saved_before_a_failure_is_still_indexed(region):
    with pytest.raises(RuntimeError), indexing_at_the_end():
        _unit("Wigan CLP", region)
        raise RuntimeError("the load stopped part way")
    assert _found("Wigan") == ["Wigan CLP"]
    _unit("Wigan North Branch", region, PartyUnit.Kind.BRANCH)
    assert _found("Wigan") == ["Wigan CLP", "Wigan North Branch"]
