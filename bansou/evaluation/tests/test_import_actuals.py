"""Manual actuals through bansou.dataio: the rules of a hand entry, idempotent, by ID, tenancy."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bansou.accounts.models import Role
from bansou.audit.models import AuditEntry
from bansou.dataio.models import ImportJob
from bansou.dataio.registry import get_import_kind
from bansou.dataio.services import import_file
from bansou.evaluation import services
from bansou.evaluation.models import DevelopmentPlan, ManualActual, PlanItem
from bansou.testing import make_user

pytestmark = pytest.mark.django_db

HEADER = ["行キー", "年度", "基準日", "実績", "根拠"]
# mienaresas is entered by hand (sections 2 ① ③ are counted from the demand surveys); the plan
# covers FY2023–FY2024 after its amendment.
GOOD = [
    HEADER,
    ["mienaresas", "令和6年度", "令和6年6月30日", "１", "第1回調査 公表資料"],
    ["mienaresas", "R6", "R6.9.30", "1", "第2回調査 公表資料"],
    ["mienaresas", "2024年度", "2024/12/31", "1,234", "LOBO 集計表"],
    ["mienaresas", 2023, "20240331", "2.5", "会議録"],
]


@pytest.fixture
def lead_a(chamber_a):
    return make_user(chamber_a, Role.LEAD_ADVISOR, "lead-a")


def run(path, chamber, actor=None, **options):
    kind = get_import_kind("plan_actuals")
    return import_file(kind, path, organization=chamber, actor=actor, **options)


def problems(result) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.message) for p in result.problems.first]


def stored() -> list[tuple]:
    return list(
        ManualActual.objects.order_by("pk").values_list(
            "item__key", "fiscal_year", "recorded_on", "value", "evidence", "entered_by__username"
        )
    )


EXPECTED = [
    ("mienaresas", 2024, date(2024, 6, 30), Decimal("1"), "第1回調査 公表資料", "lead-a"),
    ("mienaresas", 2024, date(2024, 9, 30), Decimal("1"), "第2回調査 公表資料", "lead-a"),
    ("mienaresas", 2024, date(2024, 12, 31), Decimal("1234"), "LOBO 集計表", "lead-a"),
    ("mienaresas", 2023, date(2024, 3, 31), Decimal("2.5"), "会議録", "lead-a"),
]


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("a.csv", "utf-8"), ("a.csv", "utf-8-sig"), ("a.csv", "cp932"), ("a.xlsx", "")],
)
def test_entries_from_every_encoding_with_the_importer_as_author(
    kawaguchi_plan, lead_a, write_file, name, encoding
):
    result, job = run(write_file(GOOD, name=name, encoding=encoding), kawaguchi_plan.organization,
                      lead_a)  # fmt: skip
    assert problems(result) == [] and result.counts == {"create": 4}
    assert stored() == EXPECTED
    assert job.user == lead_a
    created = AuditEntry.objects.filter(action="evaluation.manual_actual.created")
    assert created.count() == 4 and {e.actor_id for e in created} == {lead_a.pk}
    first = ManualActual.objects.order_by("pk").first()
    assert created.get(target_id=first.pk).changes["evidence"]["new"] == "第1回調査 公表資料"


def test_rows_found_by_title_and_plan_code(kawaguchi_plan, lead_a, write_file):
    rows = [
        ["計画コード", "実施事業", "年度", "基準日", "実績", "根拠"],
        [
            "kawaguchi-2023-2025",
            "「MieNa」「RESAS」の各項目分析活用・掲載",
            "令和6年度",
            "令和6年5月1日",
            "2",
            "表",
        ],
        [
            "",
            "「ＭｉｅＮａ」「ＲＥＳＡＳ」の各項目分析活用・掲載",
            "令和6年度",
            "令和6年5月2日",
            "3",
            "集計表",
        ],
    ]
    result, _job = run(write_file(rows), kawaguchi_plan.organization, lead_a)
    assert problems(result) == []
    assert ManualActual.objects.filter(item__key="mienaresas").count() == 2


def test_every_rule_is_reported_on_its_row_and_column(kawaguchi_plan, lead_a, write_file):
    rows = [
        HEADER,
        ["motivation-checks", "令和6年度", "令和6年6月30日", "1", "根拠"],  # counted by a rule
        ["mienaresas", "令和7年度", "令和7年6月30日", "1", "根拠"],  # cut by the amendment
        ["mienaresas", "令和6年度", "令和7年4月1日", "1", "根拠"],  # date in FY2025
        ["no-such-row", "令和6年度", "令和6年6月30日", "1", "根拠"],
        ["mienaresas", "令和6年度", "令和6年6月30日", "-1", "根拠"],
        ["mienaresas", "令和6年度", "令和6年6月31日", "1", "根拠"],
        ["mienaresas", "令和6年度", "令和6年6月30日", "1", ""],
        ["mienaresas", "令和6年度", "令和6年6月30日", "1", "根拠"],
        ["mienaresas", "令和6年度", "令和6年6月30日", "2", "根拠"],  # the same entry again
    ]
    result, _job = run(write_file(rows), kawaguchi_plan.organization, lead_a)
    assert problems(result) == [
        (2, "行キー (A)", "「経営意欲確認件数」は手入力する行ではありません。"),
        (3, "年度 (B)", problems(result)[1][2]),
        (4, "基準日 (C)", "令和7年4月1日 は令和6年度の日付ではありません。"),
        (5, "行キー (A)", "計画 kawaguchi-2023-2025 にキー「no-such-row」の行はありません。"),
        (6, "実績 (D)", "実績はマイナスにできません: -1"),
        (7, "基準日 (C)", problems(result)[5][2]),
        (8, "根拠 (E)", "この列は必須です。値を入力してください。"),
        (10, "根拠 (E)", problems(result)[7][2]),
    ]
    messages = [message for _row, _column, message in problems(result)]
    assert "令和7年度は計画" in messages[1] and "期間外" in messages[1]
    assert "存在しない日付です" in messages[5]
    assert "9行目" in messages[7]
    assert not ManualActual.objects.exists() and not ImportJob.objects.exists()


def test_reimport_changes_nothing_and_a_new_value_updates_the_entry(
    kawaguchi_plan, lead_a, write_file
):
    chamber = kawaguchi_plan.organization
    run(write_file(GOOD), chamber, lead_a)
    result, _job = run(write_file(GOOD, name="again.csv", encoding="cp932"), chamber, lead_a)
    assert result.counts == {"unchanged": 4}
    assert stored() == EXPECTED
    changed = [row[:] for row in GOOD]
    changed[3][3] = "1,300"
    result, _job = run(write_file(changed, name="fix.csv"), chamber, lead_a)
    assert result.counts == {"unchanged": 3, "update": 1}
    assert ManualActual.objects.count() == 4
    assert ManualActual.objects.get(
        item__key="mienaresas", recorded_on=date(2024, 12, 31)
    ).value == Decimal("1300")
    updated = AuditEntry.objects.get(action="evaluation.manual_actual.updated")
    assert updated.changes["value"] == {"label": "実績", "old": "1234.00", "new": "1300.00"}


def test_the_export_imports_back_and_an_id_updates_its_entry(kawaguchi_plan, lead_a, write_file,
                                                             tmp_path):  # fmt: skip
    chamber = kawaguchi_plan.organization
    run(write_file(GOOD), chamber, lead_a)
    exported = tmp_path / "actuals.csv"
    call_command("export", "plan_actuals", "--org", chamber.slug, "--format", "csv", "--output",
                 str(exported), stderr=io.StringIO())  # fmt: skip
    text = exported.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0].split(",") == [
        "実績ID", "計画コード", "行キー", "実施事業", "年度", "基準日", "実績", "根拠", "入力者",
        "入力日時",
    ]  # fmt: skip
    result, _job = run(exported, chamber, lead_a)
    assert result.counts == {"unchanged": 4}, problems(result)

    entry = ManualActual.objects.get(item__key="mienaresas", value=Decimal("1234"))
    rows = [
        ["実績ID", "年度", "基準日", "実績", "根拠"],
        [str(entry.pk), "令和6年度", "令和6年12月30日", "５", "LOBO 集計表（訂正）"],
    ]
    version = entry.lock_version
    result, _job = run(write_file(rows, name="by-id.xlsx"), chamber, lead_a)
    assert result.counts == {"update": 1}, problems(result)
    entry.refresh_from_db()
    assert entry.lock_version == version + 1
    assert (entry.recorded_on, entry.value, entry.evidence) == (
        date(2024, 12, 30),
        Decimal("5"),
        "LOBO 集計表（訂正）",
    )
    assert ManualActual.objects.count() == 4


def test_an_id_must_agree_with_its_row_and_year(kawaguchi_plan, lead_a, write_file):
    chamber = kawaguchi_plan.organization
    run(write_file(GOOD), chamber, lead_a)
    entry = ManualActual.objects.get(item__key="mienaresas", value=Decimal("1234"))
    rows = [
        ["実績ID", "行キー", "年度", "基準日", "実績", "根拠"],
        [entry.pk, "voucher-survey", "令和6年度", "令和6年12月31日", "1", "x"],
        [entry.pk, "", "令和5年度", "令和5年12月31日", "1", "x"],
        [entry.pk, "", "令和6年度", "令和6年12月31日", "1", "x"],
        [entry.pk, "", "令和6年度", "令和6年12月31日", "2", "x"],
    ]
    result, _job = run(write_file(rows), chamber, lead_a)
    assert [(row, column) for row, column, _m in problems(result)] == [
        (2, "行キー (B)"),
        (3, "年度 (C)"),
        (5, "実績ID (A)"),
    ]
    assert "4行目" in problems(result)[2][2]
    assert ManualActual.objects.get(pk=entry.pk).value == Decimal("1234")


def test_another_chambers_plan_rows_and_entries_are_not_found(
    kawaguchi_plan, lead_a, chamber_b, lead_b, plan_text, write_file
):
    services.import_definition(chamber_b, plan_text.replace("kawaguchi-2023-2025", "b-plan"))
    run(write_file(GOOD), kawaguchi_plan.organization, lead_a)
    theirs = ManualActual.objects.first()
    rows = [
        ["実績ID", "計画コード", "行キー", "年度", "基準日", "実績", "根拠"],
        [theirs.pk, "", "", "令和6年度", "令和6年6月30日", "1", "x"],
        ["", "kawaguchi-2023-2025", "mienaresas", "令和6年度", "令和6年6月30日", "1", "x"],
    ]
    result, _job = run(write_file(rows), chamber_b, lead_b)
    assert problems(result) == [
        (2, "実績ID (A)", f"この商工会議所にID {theirs.pk} の手入力の実績はありません。"),
        (3, "計画コード (B)", "この商工会議所にコード「kawaguchi-2023-2025」の計画はありません。"),
    ]
    assert ManualActual.objects.filter(organization=chamber_b).count() == 0


def test_several_plans_need_the_plan_code(kawaguchi_plan, lead_a, plan_text, write_file):
    chamber = kawaguchi_plan.organization
    services.import_definition(chamber, plan_text.replace("kawaguchi-2023-2025", "next-plan"))
    result, _job = run(write_file(GOOD[:2]), chamber, lead_a)
    message = (
        "複数の計画があります（kawaguchi-2023-2025、next-plan）。計画コードを指定してください。"
    )
    assert problems(result) == [(2, "計画コード", message)]
    with_code = [["計画コード", *HEADER], ["next-plan", *GOOD[1]]]
    result, _job = run(write_file(with_code), chamber, lead_a)
    assert problems(result) == []
    assert ManualActual.objects.get().item.plan.code == "next-plan"


def test_the_importer_must_keep_the_plan(kawaguchi_plan, advisor_a, write_file):
    result, _job = run(write_file(GOOD), kawaguchi_plan.organization, None)
    assert "--user" in result.file_problem
    result, _job = run(write_file(GOOD), kawaguchi_plan.organization, advisor_a)
    assert "法定経営指導員または管理者" in result.file_problem
    assert not ManualActual.objects.exists()


def test_the_command_line_refuses_without_a_user_and_on_errors(kawaguchi_plan, lead_a,
                                                                write_file):  # fmt: skip
    path = str(write_file(GOOD))
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import", "plan_actuals", path, "--org", "a", stdout=out)
    assert "--user" in out.getvalue()
    bad = [*GOOD, ["motivation-checks", "令和6年度", "令和6年6月30日", "1", "根拠"]]
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 problems; nothing was written"):
        call_command("import", "plan_actuals", str(write_file(bad, name="bad.csv")), "--org",
                     "a", "--user", "lead-a", stdout=out)  # fmt: skip
    assert out.getvalue().splitlines() == [
        "6\t行キー (A)\t「経営意欲確認件数」は手入力する行ではありません。"
    ]
    assert not ManualActual.objects.exists()
    out = io.StringIO()
    call_command("import", "plan_actuals", path, "--org", "a", "--user", "lead-a", "--dry-run",
                 stdout=out)  # fmt: skip
    assert "dry run, nothing written: 4 rows: 4 new" in out.getvalue()
    assert not ManualActual.objects.exists()
    call_command("import", "plan_actuals", path, "--org", "a", "--user", "lead-a",
                 stdout=io.StringIO())  # fmt: skip
    assert stored() == EXPECTED


def test_queries_do_not_grow_with_the_rows(kawaguchi_plan, lead_a, write_file,
                                           django_assert_max_num_queries):  # fmt: skip
    lines = [
        ["mienaresas", "令和6年度", f"2024/{4 + n % 9}/{1 + n % 28}", str(n), f"資料 {n}"]
        for n in range(300)
    ]
    path = write_file([HEADER, *lines])
    with django_assert_max_num_queries(40):
        result, _job = run(path, kawaguchi_plan.organization, lead_a)
    assert result.counts == {"create": 300}
    assert DevelopmentPlan.objects.count() == 1
    assert PlanItem.objects.get(key="mienaresas").manual_actuals.count() == 300
