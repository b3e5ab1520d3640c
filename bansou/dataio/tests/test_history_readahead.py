"""A history file read in a second process imports as it does in one (readahead.py)."""

import pytest

from bansou.dataio import engine, readahead
from bansou.dataio.tests.history import problems, run
from bansou.motivation.models import MotivationAnswer, MotivationCheck

pytestmark = pytest.mark.django_db


@pytest.fixture
def forked(monkeypatch):
    used = []
    real_items = readahead.items

    def items(*args, **kwargs):
        used.append(True)
        return real_items(*args, **kwargs)

    monkeypatch.setattr(readahead, "worthwhile", lambda path: True)
    monkeypatch.setattr(readahead, "items", items)
    monkeypatch.setattr(engine, "BATCH_SIZE", 7)
    return used


def checks(business, count):
    table = [["事業者名", "確認日", "問1", "問2", "問3", "問4", "問5", "問6", "問7", "問8",
              "問9", "問10", "問11", "問12", "合計点"]]  # fmt: skip
    for i in range(count):
        answers = [str((i + n) % 5) for n in range(12)] if i % 2 else [""] * 12
        total = "" if i % 2 else str(i)
        name = business.name if i % 10 else f"未登録商店{i}"
        table.append([name, f"2024/{4 + i // 28}/{i % 28 + 1}", *answers, total])
    return table


def outcome(result):
    return dict(result.counts), result.total_rows, problems(result), result.missing_businesses


def test_a_history_file_read_in_a_child_imports_as_in_process(
    chamber_a, advisor_a, business_a, write_file, forked, monkeypatch
):
    path = write_file(checks(business_a, 40))
    refused, _job = run("motivation_checks", path, chamber_a, advisor_a)
    assert forked and refused.error_count == 4 and len(refused.missing_businesses) == 4
    result, job = run(
        "motivation_checks", path, chamber_a, advisor_a, create_missing_businesses=True
    )
    assert result.committed and job.created_count == 40
    stored = sorted(MotivationCheck.objects.values_list("business__name", "checked_on", "score"))
    answers = MotivationAnswer.objects.count()
    MotivationAnswer.objects.all().delete()
    MotivationCheck.objects.all().delete()
    monkeypatch.setattr(readahead, "worthwhile", lambda path: False)
    again, _job = run(
        "motivation_checks", path, chamber_a, advisor_a, create_missing_businesses=True
    )
    assert outcome(again)[:3] == outcome(result)[:3]
    assert again.missing_businesses == []  # created by the first import
    assert (
        sorted(MotivationCheck.objects.values_list("business__name", "checked_on", "score"))
        == stored
    )
    assert MotivationAnswer.objects.count() == answers == 20 * 12
