"""A thread's kept renderings (networks.caching) are per language: what a Welsh reader made is never what
the next English reader gets, and the other way round."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("first, then", [("cy", "en-gb"), ("en-gb", "cy")])
def test_a_thread_kept_in_one_language_is_not_served_in_the_other(client, thread, first, then):
    words = {"cy": "(dolen i'r neges hon)", "en-gb": "(link to this post)"}
    client.cookies["django_language"] = first
    assert words[first] in client.get(thread.get_absolute_url()).content.decode()
    client.cookies["django_language"] = then
    second = client.get(thread.get_absolute_url()).content.decode()
    assert words[then] in second
    assert words[first] not in second
