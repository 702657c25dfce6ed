"""The site's search backend: Wagtail's database backend, with members' words kept out of the query syntax.

Every search on the site and in the Wagtail admin (discussions, the page,
document and image choosers) goes through here (`WAGTAILSEARCH_BACKENDS`).
On SQLite the backend writes each word into an FTS5 query between double
quotes without escaping a double quote inside it, so `a"b c"d`, `"NHS" (care)`
or a word with a control character in it was a syntax error: a 500. The words
are cleaned before the query is built: quotes and unprintable characters
become spaces, which finds the same words. PostgreSQL's backend passes the
words as parameters to `to_tsquery` already, and is used as it is.
"""

from __future__ import annotations

from functools import cache

from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.query import MATCH_ALL, MATCH_NONE, And, Not, Or, Phrase, PlainText, SearchQuery


def plain_words(query: str) -> str:
    """The words a member typed, with nothing a full-text engine could read as its own syntax."""
    cleaned = "".join(character if character.isprintable() and character != '"' else " " for character in query or "")
    return " ".join(cleaned.split())


def _words_only(query: SearchQuery) -> SearchQuery | None:
    """The query with every word cleaned; None where nothing but syntax was typed (it matches nothing)."""
    if isinstance(query, PlainText | Phrase):
        words = plain_words(query.query_string)
        if not words:
            return None
        if isinstance(query, Phrase):
            return Phrase(words)
        return PlainText(words, operator=query.operator, boost=query.boost)
    if isinstance(query, And):
        parts = [_words_only(part) for part in query.subqueries]
        return None if any(part is None for part in parts) else And(parts)
    if isinstance(query, Or):
        parts = [part for part in (_words_only(part) for part in query.subqueries) if part is not None]
        return Or(parts) if parts else None
    if isinstance(query, Not):
        inner = _words_only(query.subquery)
        return MATCH_ALL if inner is None else Not(inner)
    return query


@cache
def _sqlite_backend_class():
    from modelsearch.backends.database.sqlite import sqlite

    class WordsOnly:
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.query = _words_only(self.query) or MATCH_NONE

    class SearchCompiler(WordsOnly, sqlite.SQLiteSearchQueryCompiler):
        pass

    class AutocompleteCompiler(WordsOnly, sqlite.SQLiteAutocompleteQueryCompiler):
        pass

    class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
        query_compiler_class = SearchCompiler
        autocomplete_query_compiler_class = AutocompleteCompiler

    return SQLiteSearchBackend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    backend = database_backend(params)
    if type(backend).__module__ == "modelsearch.backends.database.sqlite.sqlite":
        return _sqlite_backend_class()(params)
    return backend
