"""Page types whose children say where they live, so a floor never names the page types above it."""

from __future__ import annotations

from wagtail.models import Page, get_page_models


class ChildrenNameTheirParent:
    """Mixin for a `Page`: its allowed children are the page types that list it in their `parent_page_types`.

    A network page holds articles (its own app), live chats (`chat`) and
    bulletins (`bulletins`); listing those page types in `subpage_types` here
    would make the ground floor name the floors above it. Instead each
    child page type declares its parents, as Wagtail lets it, and this reads
    the list back. A page type that declares no parents is not allowed here.
    """

    @classmethod
    def clean_subpage_models(cls) -> list[type[Page]]:
        if cls._clean_subpage_models is None:
            cls._clean_subpage_models = [
                model
                for model in get_page_models()
                if getattr(model, "parent_page_types", None) is not None and cls in model.clean_parent_page_models()
            ]
        return cls._clean_subpage_models


class ReservedPaths:
    """The words a page's own views use in URLs below it (`/networks/<slug>/threads/`), so no child page takes them.

    Each app reserves the words its own URLs use, from its `AppConfig.ready()`.
    """

    def __init__(self, *words: str):
        self._words = set(words)

    def reserve(self, *words: str) -> None:
        self._words.update(words)

    def __contains__(self, slug: object) -> bool:
        return slug in self._words

    def __iter__(self):
        return iter(sorted(self._words))
