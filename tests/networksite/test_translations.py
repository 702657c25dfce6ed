"""Every string marked for translation is in the committed catalogues, and they are compiled.

`makemessages` run over the sources must add nothing to locale/: a string someone marked (or
changed) without regenerating the catalogues fails here, by name, until `make messages` is run.
"""

from __future__ import annotations

import ast
import gettext
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from networksite.messages import DOMAINS, LANGUAGES, ROOT, regenerated_copy


def msgids(catalogue: Path) -> set[tuple[str, str]]:
    """The (context, id) pairs of a .po file's entries, translated or not, its header and obsolete entries left out."""
    if not catalogue.exists():
        return set()
    entries: set[tuple[str, str]] = set()
    field, parts = None, {"msgctxt": [], "msgid": []}
    for line in catalogue.read_text(encoding="utf-8").splitlines() + [""]:
        keyword = line.split(" ", 1)[0]
        if line.startswith('"') and field in parts:
            parts[field].append(ast.literal_eval(line))
            continue
        if keyword in parts:
            field = keyword
            parts[field] = [ast.literal_eval(line.split(" ", 1)[1])]
            continue
        if keyword.startswith("msgstr") or keyword == "msgid_plural":
            if field == "msgid" and "".join(parts["msgid"]):
                entries.add(("".join(parts["msgctxt"]), "".join(parts["msgid"])))
            field = None
        if not line.strip():
            parts = {"msgctxt": [], "msgid": []}
    return entries


def compiled(catalogue: Path, *options: str) -> gettext.GNUTranslations:
    """`catalogue` compiled by msgfmt into a scratch file and read back."""
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "messages.mo"
        subprocess.run(["msgfmt", *options, "-o", str(target), str(catalogue)], check=True)
        with target.open("rb") as handle:
            return gettext.GNUTranslations(handle)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    return regenerated_copy(tmp_path_factory.mktemp("messages"))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_makemessages_adds_nothing_to_the_committed_catalogues(regenerated, domain, language):
    path = Path(language) / "LC_MESSAGES" / f"{domain}.po"
    missing = msgids(regenerated / "locale" / path) - msgids(ROOT / "locale" / path)
    assert not missing, f"Marked for translation but not in locale/{path} (run `make messages`): {sorted(missing)[:20]}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_compiled_catalogues_match_their_sources(domain, language):
    """The .mo Django reads says what the .po says: nobody edited a translation and forgot to compile it."""
    source = ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
    if not source.exists():
        assert not source.with_suffix(".mo").exists()
        return
    with source.with_suffix(".mo").open("rb") as committed:
        assert gettext.GNUTranslations(committed)._catalog == compiled(source)._catalog


TEMPLATE_FALLBACK = re.compile(r"""\|default:(["'])([^"']*[A-Za-z]{2}[^"']*)\1""")
"""A `|default:"Some words"` in a template: words a reader sees that makemessages cannot find."""
NOT_WORDS = {"button"}
"""Defaults that are CSS class names, not text."""


def test_no_template_falls_back_to_words_makemessages_cannot_find():
    """`{{ name|default:"Former member" }}` showed English to Welsh readers: the words go through _()."""
    found = []
    for path in sorted(ROOT.glob("*/templates/**/*")) + sorted((ROOT / "templates").glob("**/*")):
        if path.suffix not in {".html", ".txt"} or ".venv" in path.parts or "tests" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            found += [f"{path.relative_to(ROOT)}:{number}: {match.group(0)}" for match in TEMPLATE_FALLBACK.finditer(line)
                      if match.group(2) not in NOT_WORDS]
    assert not found, "\n".join(found)
