"""The chamber's own words: words it asked to drop never come back to a screen or a file."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(ROOT.glob("*/locale/ja/LC_MESSAGES/django.mo"))
TEMPLATES = sorted(ROOT.glob("*/templates/**/*.html")) + sorted(ROOT.glob("*/templates/**/*.txt"))

# (word, what the chamber says instead); see shared/GLOSSARY.md "Words on screen".
FORBIDDEN = [
    ("催促状", "ご報告のお願い"),
    ("リマインダー送付", "報告依頼の送付"),
    ("完成日", "策定日"),
    ("完成にする", "策定完了"),
    ("フォローアップ接触", "フォローアップ実施"),
    ("接触を記録", "実施を記録"),
    ("スタートページ", "ホーム"),
    ("接触方法", "支援方法"),
    ("担当者", "担当職員"),
    ("·", "「・」 or 「、」"),
]
# Whole translations that are wrong only on their own (マル経 inside マル経融資推薦 is right).
FORBIDDEN_EXACT = [("マル経", "マル経融資推薦"), ("完成", "策定完了")]


def test_there_is_something_to_scan():
    assert len(CATALOGUES) >= 5 and len(TEMPLATES) >= 50


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_uses_the_chambers_words(path):
    found = []
    for entry in polib.mofile(str(path)):
        texts = [entry.msgstr, *entry.msgstr_plural.values()]
        for text in texts:
            found += [(entry.msgid, w, say) for w, say in FORBIDDEN if w in text]
            found += [(entry.msgid, w, say) for w, say in FORBIDDEN_EXACT if text == w]
    assert not found, f"{path}: say instead: {found}"


def test_templates_use_the_chambers_words():
    found = [
        (str(path.relative_to(ROOT)), word, say)
        for path in TEMPLATES
        for word, say in FORBIDDEN
        if word in path.read_text(encoding="utf-8")
    ]
    assert not found, found
