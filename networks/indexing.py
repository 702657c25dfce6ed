"""Search indexing for loads that save thousands of rows at once (the demo).

The search index follows every save: Wagtail's search (modelsearch) indexes each saved object as
it is saved, through a task. For one member's post that is right. For the demo's load it was a
third of the load's time: 2,300 saves, each indexed on its own, and on SQLite each one also
recomputing the average title length over the whole index. `indexing_at_the_end()` notes what is
saved inside it and indexes it in one batch per model when the block ends; searches made inside
the block do not see those objects yet. Deletions are indexed as they happen, as always.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_save
from modelsearch import index
from modelsearch.backends import get_search_backends_with_name
from modelsearch.signal_handlers import post_save_signal_handler

_saved: dict[type, set] | None = None
"""What the outermost `indexing_at_the_end()` block has seen saved ({model: pks}); None outside one."""


def _note(sender, instance, raw=False, **kwargs) -> None:
    if not raw and _saved is not None:
        _saved[sender].add(instance.pk)


@contextmanager
def indexing_at_the_end() -> Iterator[None]:
    """Index what is saved inside in one batch per model at the end, not one object at a time.

    Blocks nest (the demo command wraps every app's loader, and the commissions loader, which tests
    call alone, wraps itself): the outermost block indexes. It changes the process's signal
    receivers, so it is for loads that run alone (a management command, a test), never inside a
    serving process.
    """
    global _saved
    if _saved is not None:
        yield
        return
    models = [model for model in index.get_indexed_models() if getattr(model, "search_auto_update", True)]
    _saved = defaultdict(set)
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_save.connect(_note, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.disconnect(_note, sender=model)
            post_save.connect(post_save_signal_handler, sender=model)
        saved, _saved = _saved, None
        # Whatever was saved and is still there is indexed, even if the block failed part way:
        # what earlier steps committed must be found.
        index_saved(saved)


def index_saved(saved: dict[type, set]) -> None:
    """Index these objects ({model: pks}), each as the object its class indexes, in one batch per class."""
    by_class: dict[type, set] = defaultdict(set)
    for model, pks in saved.items():
        for obj in model._default_manager.filter(pk__in=pks):
            indexed = obj.get_indexed_instance()
            if indexed is not None:
                by_class[type(indexed)].add(indexed.pk)
    backends = [backend for _name, backend in get_search_backends_with_name(with_auto_update=True)]
    with transaction.atomic():
        for cls, pks in by_class.items():
            objects = list(cls.get_indexed_objects().filter(pk__in=pks))
            for backend in backends:
                backend.add_bulk(cls, objects)
