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


# Django merges every app's catalogue and the first app in INSTALLED_APPS wins: a msgid (with
# the same msgctxt) translated differently in two catalogues silently shows the first app's
# wording on the other app's screens. A new conflict fails below; give the screen its own
# wording with pgettext (a context) or a more specific msgid. Today's known conflicts, each
# with why the winning wording is acceptable where it shows; fix one and remove it here (a
# listed one that no longer conflicts fails too, so the list only shrinks).
SAME = "same meaning; only spacing or a synonym differs, the first app's wording reads right"
KNOWN_CONFLICTS = {
    ("", "%(shown)s business"): "the count sits under a heading that names what is counted",
    ("", "%(shown)s record"): "the count sits under a heading that names what is counted",
    ("", "Basic data"): "基本情報 reads right on the analysis page too",
    ("", "Business analyses"): "the menu's 経営分析 names the analysis pages' heading as well",
    ("", "Cancel"): "jobs' 取り消す and everyone's キャンセル both read right on a button",
    ("", "Completed"): "完了 reads right for a programme participation's status too",
    ("", "DX"): "the support field DX推進 reads right as a plan's DX section",
    ("", "Deleted %(name)s."): SAME,
    ("", "Draft"): "作成中 reads right for an evaluation draft too",
    ("", "Entered by staff"): SAME,
    ("", "Follow-ups"): "selfreports' 実施支援 is not shown; the menu's フォローアップ is meant",
    ("", "History"): "改訂履歴 reads right for a meeting guide's history (it is its revisions)",
    ("", "No business matches."): SAME,
    ("", "Page %(number)s of %(total)s"): SAME,
    ("", "Record"): "記録 reads right on support's button as well as motivation's",
    ("", "Remove from the participants"): "参加者から外す reads right on a programme too",
    ("", "Removed %(name)s from the participants."): SAME,
    ("", "Sales for the period (thousand yen)"): SAME,
    ("", "Saved %(name)s."): SAME,
    ("", "Send"): "送付する reads right on the survey's send button as well",
    ("", "The business belongs to another chamber."): SAME,
    ("", "The end of the period is before its start."): SAME,
    ("", "Visit"): "巡回訪問 is the chamber's word for a visit in a survey's channel too",
    ("", "Withdrawn"): "取り下げ reads right for a withdrawn programme participation",
    ("", "active"): "使用中 reads right for an active partner or programme",
    ("", "analysis"): "分析 reads right where partners link a case's analysis",
    ("", "committee meeting"): "評価委員会 names the meeting in the meetings app too",
    ("", "completed"): "完了 reads right for a plan's completed date (the audit word)",
    ("", "created at"): SAME,
    ("", "created by"): "作成者 reads right for the one who issued a self-report link",
    ("", "deals closed"): SAME,
    ("", "decided on"): "選定日 and 判断日 both name the day a decision was taken",
    ("", "description"): "説明 reads right for a programme's description",
    ("", "events"): "イベント reads right for a programme's exhibitions and fairs",
    ("", "finished at"): SAME,
    ("", "follow-up report"): "a model's name shown only in the admin site",
    ("", "item"): "項目 reads right for a survey's item",
    ("", "kind"): SAME,
    ("", "new trading partners"): SAME,
    ("", "note"): SAME,
    ("", "order"): SAME,
    ("", "overdue"): SAME,
    ("", "plan"): "計画 reads right where partners link a case's business plan",
    ("", "plan row"): "実施事業 is the committee table's word for a plan row, meetings too",
    ("", "profit for the period (thousand yen)"): SAME,
    ("", "record"): "記録 reads right for a support record in the audit log",
    ("", "record id"): SAME,
    ("", "record type"): SAME,
    ("", "report"): SAME,
    ("", "rows"): "行数 reads right for the API's row count",
    ("", "sales for the period (thousand yen)"): SAME,
    ("", "small business at the time"): SAME,
    ("", "sort order"): SAME,
    ("", "status"): "状態 and 状況 both read right for a record's status",
    ("", "theme"): "テーマ reads right for a meeting's consultation theme",
    ("", "time"): "日時 reads right for an import row's time",
    ("", "title"): "名称 is the one word for a title (see the commit that chose it)",
    ("", "wants support"): SAME,
}


def _translations() -> dict[tuple[str, str], dict[str, str]]:
    """(msgctxt, msgid) → {app: its Japanese}, every translated entry of every catalogue."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.translated():
                continue
            text = entry.msgstr
            if entry.msgid_plural:
                text = " | ".join(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
            found.setdefault((entry.msgctxt or "", entry.msgid), {})[path.parts[-5]] = text
    return found


def _conflicts() -> dict[tuple[str, str], dict[str, str]]:
    return {key: apps for key, apps in _translations().items() if len(set(apps.values())) > 1}


def test_no_msgid_is_translated_differently_in_two_catalogues():
    new = {key: apps for key, apps in _conflicts().items() if key not in KNOWN_CONFLICTS}
    assert not new, (
        "the same msgid is translated differently in two apps; the first app in "
        f"INSTALLED_APPS wins everywhere (use pgettext or a specific msgid): {new}"
    )


def test_the_known_conflicts_are_still_conflicts():
    fixed = sorted(set(KNOWN_CONFLICTS) - set(_conflicts()))
    assert not fixed, f"no longer conflicting, remove from KNOWN_CONFLICTS: {fixed}"
    assert all(reason.strip() for reason in KNOWN_CONFLICTS.values())


def test_the_screens_that_had_another_apps_wording_have_their_own():
    """The conflicts fixed with a context or a specific msgid show each app's own word."""
    cases = [
        (translation.pgettext, ("partner", "Contacts"), "窓口"),
        (translation.pgettext, ("follow-up", "Contact"), "フォローアップ実施"),
        (translation.pgettext, ("self-report", "Six-month report"), "実施状況のご報告"),
        (translation.pgettext, ("reminder", "period"), "対象期間"),
        (translation.pgettext, ("reminder", "period end"), "対象期間の終了"),
        (translation.pgettext, ("programme", "programme name"), "事業名"),
        (translation.pgettext, ("survey item", "answers"), "回答の選択肢"),
        (translation.pgettext, ("survey", "channel"), "回答方法"),
        (translation.gettext, ("connection address",), "接続元アドレス"),
        (translation.gettext, ("address",), "所在地"),
    ]
    with translation.override("ja"):
        for function, args, japanese in cases:
            assert function(*args) == japanese, args
