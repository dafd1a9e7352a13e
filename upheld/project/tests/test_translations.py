"""Every user-facing message reads in Spanish as it does in English (ISO 10002 4.3
accessibility): the catalogue is complete, nothing in it is fuzzy, it is up to date with the
code, and the compiled catalogue the server reads says the same as the .po, which is the one
source of the translations (`make messages` regenerates and compiles it)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

UPHELD = Path(__file__).resolve().parents[2]
PO = UPHELD / "locale/es/LC_MESSAGES/django.po"
MO = PO.with_suffix(".mo")


def _gaps(po: polib.POFile) -> list[str]:
    untranslated = [f"untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
    fuzzy = [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    return untranslated + fuzzy


def test_the_spanish_catalogue_translates_every_message():
    gaps = _gaps(polib.pofile(str(PO)))
    assert not gaps, "translate these in the .po, then `make messages`:\n" + "\n".join(gaps)


PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)(?:[:!][^}]*)?\}")


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def test_each_translation_keeps_the_values_its_message_shows():
    """A translation that drops or misspells `{reference}` or `%(due)s` would show a hole,
    or fail, where the value belongs."""
    wrong = [
        f"{e.msgid!r} -> {e.msgstr!r}"
        for e in polib.pofile(str(PO))
        if e.translated()
        and not e.msgid_plural
        and _placeholders(e.msgid) != _placeholders(e.msgstr)
    ]
    assert not wrong, "\n".join(wrong)


def test_the_compiled_catalogue_says_what_the_po_says():
    po = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.pofile(str(PO))
        if e.translated()
    }
    mo = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(MO)) if e.msgid
    }
    assert po == mo, "the .mo is out of date: run `make messages`"


def _xgettext_or_skip() -> None:
    if shutil.which("xgettext") and shutil.which("msgmerge"):
        return
    if os.environ.get("CI"):
        pytest.fail("GNU gettext (xgettext, msgmerge) is needed in CI to check the catalogue")
    pytest.skip("GNU gettext is not installed: the catalogue can't be compared with the code")


def test_every_message_in_the_code_is_in_the_catalogue(tmp_path):
    """Extract the messages from a copy of the code, as `make messages` does, and find each
    one translated: a message added to the code and not to the catalogue fails here."""
    _xgettext_or_skip()
    copy = tmp_path / "upheld"
    shutil.copytree(
        UPHELD,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "tests", "static", "*.mo", "*.sqlite3*"),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "es",
            "--ignore=*/tests/*",
            "--no-obsolete",
            "--no-location",
            "-v",
            "0",
        ],
        cwd=copy,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "upheld.project.settings"},
    )
    gaps = _gaps(polib.pofile(str(copy / "locale/es/LC_MESSAGES/django.po")))
    assert not gaps, (
        "new or changed messages: run `make messages`, translate them in the "
        ".po, then `make messages` again:\n" + "\n".join(gaps)
    )
