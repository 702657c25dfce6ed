"""Regenerate the translation catalogues in locale/ (`make messages`), and say what regenerating would add.

Django's `makemessages` writes into the catalogues it finds beside the files it reads, so the check
(`tests/networksite/test_translations.py`) copies the sources into a scratch directory, regenerates
there, and compares: a string marked for translation but missing from the committed catalogues
fails the test, named.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["cy"]
# Python, templates and email texts ("django"); the browser's scripts ("djangojs", through the JavaScript catalogue).
DOMAINS = {"django": ["html", "txt", "py"], "djangojs": ["js"]}
# "./static/*", not "static/*": Django matches a bare name in every directory, and the apps' own
# static/ folders hold the scripts whose strings the "djangojs" catalogue is made of.
IGNORE = ["tests/*", "bench/*", "docs/*", "var/*", "deploy/*", "./static/*", "./media/*", "*.egg-info/*"]
_COPY_IGNORE_ANYWHERE = shutil.ignore_patterns(
    ".*", "__pycache__", "*.pyc", "var", "db.sqlite3", "*.egg-info", "node_modules", "tests", "docs"
)


def copy_ignore(directory: str, names: list[str]) -> set[str]:
    """What the scratch copy leaves out: collected static files and uploads at the top only (apps' static/ stay)."""
    ignored = set(_COPY_IGNORE_ANYWHERE(directory, names))
    if Path(directory).resolve() == ROOT:
        ignored |= {"static", "media"} & set(names)
    return ignored


def makemessages(root: Path = ROOT) -> None:
    """Run `makemessages` for every language and domain in `root`, keeping translations already made."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "networksite.settings.test"}
    for domain, extensions in DOMAINS.items():
        command = [sys.executable, "manage.py", "makemessages", "--no-obsolete", "--no-location", "-d", domain]
        command += [f"-l{language}" for language in LANGUAGES]
        command += [f"--extension={extension}" for extension in extensions]
        command += [f"--ignore={pattern}" for pattern in IGNORE]
        subprocess.run(command, cwd=root, env=env, check=True, capture_output=True, text=True)
    # The date a catalogue was regenerated changes on every run and would make every branch's
    # regeneration conflict with every other's: it is left out.
    for catalogue in (root / "locale").glob("*/LC_MESSAGES/*.po"):
        text = catalogue.read_text(encoding="utf-8")
        catalogue.write_text(re.sub(r'^"POT-Creation-Date: [^"]*"\n', "", text, flags=re.M), encoding="utf-8")


def compilemessages(root: Path = ROOT) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "networksite.settings.test"}
    subprocess.run(
        [sys.executable, "manage.py", "compilemessages", "--ignore=.venv", "--ignore=static"],
        cwd=root, env=env, check=True, capture_output=True, text=True,
    )


def regenerated_copy(scratch: Path) -> Path:
    """The sources and catalogues copied into `scratch`, with the catalogues regenerated there."""
    copy = scratch / "src"
    shutil.copytree(ROOT, copy, ignore=copy_ignore, symlinks=True)
    makemessages(copy)
    return copy


if __name__ == "__main__":
    makemessages()
    compilemessages()
