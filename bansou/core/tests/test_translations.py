"""The Japanese interface is complete: every msgid of every app is translated, none fuzzy."""

from pathlib import Path

import polib
import pytest
from django.utils import translation

CATALOGUES = sorted(Path(__file__).resolve().parents[2].glob("*/locale/ja/LC_MESSAGES/django.po"))


def test_there_are_catalogues():
    assert len(CATALOGUES) >= 5


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_is_complete(path):
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"translate in {path}: {untranslated}"
    assert not fuzzy, f"fuzzy entries in {path}: {fuzzy}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_is_compiled_and_current(path):
    compiled = path.with_suffix(".mo")
    assert compiled.exists(), "run make (it compiles the catalogues)"
    assert compiled.stat().st_mtime >= path.stat().st_mtime, f"recompile {path}"


def test_interface_is_japanese_by_default_and_english_available():
    with translation.override("ja"):
        assert translation.gettext("Businesses") == "事業者"
    with translation.override("en"):
        assert translation.gettext("Businesses") == "Businesses"
