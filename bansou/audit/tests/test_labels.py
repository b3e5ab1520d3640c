"""Every action code the product writes reads as Japanese words, never as a code."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from bansou.audit.labels import ACTIONS, VERBS, action_choices, action_label, admin_actions

SOURCE = Path(__file__).resolve().parents[2]
CODE = re.compile(r"""["']([a-z_]+\.[a-z_]+\.[a-z_]+)["']""")


def written_codes() -> set[str]:
    """Action codes in the product's source (literal strings passed to the log helpers)."""
    found = set()
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text()
        if "log_action" not in text and "AuditEntry(" not in text and "log_event" not in text:
            continue
        found |= {c for c in CODE.findall(text) if not c.startswith(("bansou.", "django."))}
    return found


def test_every_written_code_is_listed():
    missing = written_codes() - set(ACTIONS) - set(admin_actions())
    assert not missing, f"add to audit/labels.py ACTIONS: {sorted(missing)}"


@pytest.mark.parametrize("code", sorted({*ACTIONS, *admin_actions()}))
def test_every_code_has_japanese_words(code):
    with translation.override("ja"):
        words = action_label(code)
    assert code not in words
    assert re.search(r"[ぁ-んァ-ヶ一-龯]", words), words
    assert code.rpartition(".")[2] in VERBS or code in dict(action_choices())


def test_examples():
    with translation.override("ja"):
        assert action_label("businesses.business.updated", "businesses.business") == "事業者を変更"
        assert action_label("accounts.user.login_failed") == "ログイン失敗"
        assert action_label("support.record.created", "support.supportrecord") == "支援記録を登録"
