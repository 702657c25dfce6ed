"""The floors of docs/architecture.md hold beyond Python imports (which `lint-imports` checks in `make test`).

A lower floor names nothing above it: not a model by its "app.Model" label,
not `apps.get_model("app", ...)`, not a template tag library, URL name or
template of an app above. The only upward references allowed are template
includes of another app's `slots/` partial, and the page template that owns
the slot lists each one in a `{# Slots: ... #}` comment.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
FLOORS = {"networks": 1, "discussions": 2, "chat": 3, "commissions": 3, "bulletins": 4, "home": 5, "networksite": 5}
TAG_LIBRARIES = {"permissions": "networks", "discussion_tags": "discussions",
                 "member_text": "discussions", "chat_tags": "chat", "commission_tags": "commissions",
                 "forum_tags": "commissions", "bulletins": "bulletins", "admin_scripts": "home",
                 "network_media": "networks", "page_body": "networks"}


def above(owner: str, other: str) -> bool:
    """Whether `owner` may not name `other`: a higher floor, or the other app on the same floor."""
    if other == owner or other not in FLOORS or owner not in FLOORS:
        return False
    return FLOORS[other] > FLOORS[owner] or (FLOORS[other] == FLOORS[owner] and FLOORS[owner] < 5)


def python_files():
    for app in FLOORS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path


def template_files():
    for app in FLOORS:
        for path in sorted((ROOT / app / "templates").rglob("*")):
            if path.is_file():
                yield app, path


MODEL_LABEL = re.compile(r"""["'](\w+)\.([A-Z]\w+)["']""")
GET_MODEL = re.compile(r"""get_model\(\s*["'](\w+)["']""")


def test_no_app_names_a_model_of_a_floor_above():
    found = []
    for app, path in python_files():
        text = path.read_text()
        for match in MODEL_LABEL.finditer(text):
            label, model = match.groups()
            if above(app, label) and apps.is_installed(label) and model in {m.__name__ for m in apps.get_app_config(label).get_models()}:
                found.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
        for match in GET_MODEL.finditer(text):
            if above(app, match.group(1)):
                found.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert not found, "upward model references:\n" + "\n".join(found)


INCLUDE = re.compile(r"""\{%\s*(include|extends)\s+["']([\w-]+)/([^"']+)["']""")
URL_TAG = re.compile(r"""\{%\s*url\s+["'](\w+):""")
LOAD = re.compile(r"""\{%\s*load\s+([\w\s]+?)\s*%\}""")
SLOTS_COMMENT = re.compile(r"""\{#[^#]*?Slots:([^#]*)#\}""")


def test_templates_reach_up_only_through_listed_slots():
    found = []
    for app, path in template_files():
        text = path.read_text()
        listed = {name.strip() for comment in SLOTS_COMMENT.findall(text) for name in comment.split(",")}
        where = path.relative_to(ROOT)
        for kind, other, rest in INCLUDE.findall(text):
            if not above(app, other):
                continue
            if kind == "extends" or not rest.startswith("slots/"):
                found.append(f"{where}: {kind} {other}/{rest} (only another app's slots/ partial may be included)")
            elif f"{other}/{rest}" not in listed:
                found.append(f"{where}: includes {other}/{rest} without listing it in its {{# Slots: … #}} comment")
        for namespace in URL_TAG.findall(text):
            if above(app, namespace):
                found.append(f"{where}: links to the URL namespace {namespace!r} of a floor above")
        for libraries in LOAD.findall(text):
            for library in libraries.split():
                if above(app, TAG_LIBRARIES.get(library, "")):
                    found.append(f"{where}: loads {library!r}, a tag library of a floor above")
    assert not found, "upward template references:\n" + "\n".join(found)


@pytest.mark.parametrize("library,app", sorted(TAG_LIBRARIES.items()))
def test_the_tag_library_table_is_true(library, app):
    assert (ROOT / app / "templatetags" / f"{library}.py").exists()


def test_every_tag_library_is_in_the_table():
    libraries = {path.stem for app in FLOORS for path in (ROOT / app).glob("templatetags/*.py") if path.stem != "__init__"}
    assert libraries == set(TAG_LIBRARIES)
