"""The plan as one flat table through bansou.dataio: round trip, every problem by row and column."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from bansou.audit.models import AuditEntry
from bansou.dataio import services as dataio_services
from bansou.dataio.models import ImportJob
from bansou.dataio.registry import get_import_kind, import_kinds
from bansou.dataio.services import import_file
from bansou.evaluation import services
from bansou.evaluation.definition.export import plan_data
from bansou.evaluation.definition.table import plan_table
from bansou.evaluation.definition.workbook import SHEETS
from bansou.evaluation.models import (
    DevelopmentPlan,
    ManualActual,
    PlanAmendment,
    PlanItem,
    PlanItemTarget,
    PlanSection,
)
from bansou.lib.tabular import render_csv
from bansou.testing import csv_bytes, login

pytestmark = pytest.mark.django_db

# Plain Japanese headers, 和暦 dates, 令和 and FY year headers, full-width digits.
HEADER = ["計画コード", "計画名", "開始日", "終了日", "項目番号", "項目名", "行キー", "上位の行",
          "実施事業", "単位", "集計ルール", "令和6年度", "FY2025"]  # fmt: skip
RULE = "{count: distinct_businesses, of: motivation_check, where: {channel: visit}}"
SMALL = [
    HEADER,
    ["small", "小さな計画", "令和6年4月1日", "2026/3/31", "１", "巡回", "visits", "",
     "巡回訪問件数", "件", "", "１，０００", "1,100"],
    ["", "", "", "", "1", "巡回", "deals", "visits", "成約件数", "件", "", "随時", "－"],
    ["", "", "", "", "2", "意欲", "checks", "", "経営意欲確認件数", "件", RULE, "200", "2.5"],
]  # fmt: skip


def run(path, chamber, actor=None, **options):
    return import_file(get_import_kind("plan_definitions"), path, organization=chamber,
                       actor=actor, **options)  # fmt: skip


def problems(result) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.message) for p in result.problems.first]


def counts() -> tuple[int, int, int, int]:
    return (DevelopmentPlan.objects.count(), PlanSection.objects.count(),
            PlanItem.objects.count(), PlanItemTarget.objects.count())  # fmt: skip


def flat_table(plan) -> tuple[list[str], list[list]]:
    return plan_table(plan_data(plan))


def csv_text(plan) -> bytes:
    return services.export_definition(plan, "csv")


def test_both_kinds_are_registered_and_listed_on_the_data_page(admin_a):
    codes = [kind.code for kind in import_kinds()]
    assert codes.index("plan_actuals") < codes.index("plan_definitions")
    page = login(admin_a).get(reverse("dataio:index")).content.decode()
    assert "計画の定義" in page and "手入力の実績" in page


def test_a_small_plan_from_plain_japanese_headers(chamber_a, admin_a, write_file):
    result, job = run(write_file(SMALL, encoding="cp932"), chamber_a, admin_a)
    assert problems(result) == []
    assert result.counts == {"create": 3} and job.is_committed
    plan = DevelopmentPlan.objects.get(organization=chamber_a, code="small")
    assert (plan.title, plan.starts_on, plan.ends_on) == ("小さな計画", date(2024, 4, 1),
                                                          date(2026, 3, 31))  # fmt: skip
    visits = PlanItem.objects.get(plan=plan, key="visits")
    assert dict(visits.targets.values_list("fiscal_year", "value")) == {
        2024: Decimal("1000"),
        2025: Decimal("1100"),
    }
    deals = PlanItem.objects.get(plan=plan, key="deals")
    assert (deals.parent, deals.role) == (visits, "outcome")
    assert dict(deals.targets.values_list("fiscal_year", "kind")) == {
        2024: "as_needed",
        2025: "none",
    }
    checks = PlanItem.objects.get(plan=plan, key="checks")
    assert checks.source == "rule" and checks.rule["of"] == "motivation_check"
    assert checks.targets.get(fiscal_year=2025).value == Decimal("2.5")
    assert AuditEntry.objects.filter(action="evaluation.plan.imported", target_id=plan.pk).exists()


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("plan.csv", "utf-8"), ("plan.csv", "utf-8-sig"), ("plan.csv", "cp932"), ("plan.xlsx", "")],
)
def test_every_encoding_and_xlsx(chamber_a, admin_a, write_file, name, encoding):
    result, _job = run(write_file(SMALL, name=name, encoding=encoding), chamber_a, admin_a)
    assert result.error_count == 0, problems(result)
    assert PlanItem.objects.filter(plan__code="small").count() == 3


def test_the_shipped_plan_round_trips_through_the_csv_table(kawaguchi_plan, chamber_b, lead_b,
                                                            tmp_path):  # fmt: skip
    path = tmp_path / "kawaguchi.csv"
    path.write_bytes(csv_text(kawaguchi_plan))
    result, _job = run(path, chamber_b, lead_b)
    assert result.error_count == 0, problems(result)
    copy = DevelopmentPlan.objects.get(organization=chamber_b)
    assert plan_data(copy) | {"organization": "a"} == plan_data(kawaguchi_plan)
    assert copy.fiscal_years() == [2023, 2024]  # the amendment came along


def test_the_shipped_plan_round_trips_through_an_xlsx_table(kawaguchi_plan, chamber_b, lead_b,
                                                            write_file):  # fmt: skip
    header, lines = flat_table(kawaguchi_plan)
    result, _job = run(write_file([header, *lines], name="plan.xlsx"), chamber_b, lead_b)
    assert result.error_count == 0, problems(result)
    copy = DevelopmentPlan.objects.get(organization=chamber_b)
    assert plan_data(copy) | {"organization": "a"} == plan_data(kawaguchi_plan)


def test_the_table_is_the_workbooks_row_sheet_with_the_plan_in_front(kawaguchi_plan):
    workbook = openpyxl.load_workbook(io.BytesIO(services.export_definition(kawaguchi_plan,
                                                                            "xlsx")))  # fmt: skip
    sheet = [list(row) for row in workbook[SHEETS[1]].iter_rows(values_only=True)]
    header, lines = flat_table(kawaguchi_plan)
    plan_columns = len(header) - len(sheet[0])
    assert header[plan_columns:] == sheet[0]
    assert [line[plan_columns:] for line in lines] == sheet[1:]
    assert header[:plan_columns] == ["計画コード (code)", "計画名 (title)", "開始日 (starts_on)",
                                     "終了日 (ends_on)", "概要 (summary)", "改定 (amendments)",
                                     "評価区分 (grade_scale)", "報告書の記載 (report)"]  # fmt: skip


def test_reimport_changes_nothing_and_an_edit_updates_in_place(kawaguchi_plan, admin_a, tmp_path):
    item = PlanItem.objects.get(plan=kawaguchi_plan, key="sme-survey")
    ManualActual.objects.create(organization=kawaguchi_plan.organization, item=item,
                                fiscal_year=2024, recorded_on=date(2024, 6, 30), value=1,
                                evidence="議事録", entered_by=admin_a)  # fmt: skip
    before, data = counts(), plan_data(kawaguchi_plan)
    path = tmp_path / "same.csv"
    path.write_bytes(csv_text(kawaguchi_plan))
    result, _job = run(path, kawaguchi_plan.organization, admin_a)
    assert set(result.counts) == {"unchanged"}, problems(result)
    assert counts() == before and plan_data(kawaguchi_plan) == data

    rows = list(csv.reader(io.StringIO(csv_text(kawaguchi_plan).decode("utf-8-sig"))))
    line = next(r for r in rows if "sme-survey" in r)
    line[rows[0].index("2024年度目標 (2024)")] = "５"
    changed = tmp_path / "changed.csv"
    changed.write_bytes(csv_bytes(rows))
    result, _job = run(changed, kawaguchi_plan.organization, admin_a)
    assert result.counts["update"] == 1 and result.error_count == 0, problems(result)
    same = PlanItem.objects.get(plan=kawaguchi_plan, key="sme-survey")
    assert same.pk == item.pk and same.manual_actuals.count() == 1
    assert PlanItemTarget.objects.get(item=same, fiscal_year=2024).value == 5
    assert DevelopmentPlan.objects.count() == 1 and PlanAmendment.objects.count() == 1


def test_every_problem_has_its_row_and_column_and_nothing_is_written(chamber_a, admin_a,
                                                                      write_file):  # fmt: skip
    bad = [row[:] for row in SMALL]
    bad[1][2] = "令和6年4月31日"  # 開始日 (C)
    bad[3][4] = "二"  # 項目番号 (E)
    bad[2][11] = "たくさん"  # 令和6年度 (L)
    bad[3][10] = "{count: [records"  # 集計ルール (K): YAML syntax
    bad.append(["other", "", "", "", "2", "意欲", "visits", "", "重複", "件", "", "", ""])
    result, _job = run(write_file(bad), chamber_a, admin_a)
    found = problems(result)
    # Cells a column cannot read are reported as the rows are read; the plan's rules after.
    assert [(row, column) for row, column, _message in found] == [
        (2, "開始日 (C)"),
        (4, "項目番号 (E)"),
        (3, "令和6年度 (L)"),
        (4, "集計ルール (K)"),
        (5, "計画コード (A)"),
        (5, "行キー (G)"),
    ], found
    messages = [message for _row, _column, message in found]
    assert "存在しない日付です" in messages[0]
    assert "数値として読み取れません: 二" in messages[1]
    assert "2024年度の目標は数値・「数値以上」・随時・- のいずれかで指定してください" in messages[2]
    assert "1つのファイルには1つの計画" in messages[4] and "2行目" in messages[4]
    assert messages[3].startswith("セルの内容をYAMLとして読み取れません: ")
    assert "'visits'" in messages[5]
    assert counts() == (0, 0, 0, 0) and not ImportJob.objects.exists()


def test_validator_rules_are_reported_on_the_cell(chamber_a, admin_a, write_file):
    bad = [row[:] for row in SMALL]
    bad[0] = [*HEADER, "役割"]
    bad[1] = [*bad[1], "activty"]
    bad[2] = [*bad[2], ""]
    bad[3] = [*bad[3], ""]
    bad[3][10] = RULE.replace("motivation_check", "motivation_chek")
    result, _job = run(write_file(bad), chamber_a, admin_a)
    found = problems(result)
    assert [(row, column) for row, column, _message in found] == [
        (2, "役割 (N)"),
        (4, "集計ルール (K)"),
    ], found
    assert "記録の種類 'motivation_chek' は不明です" in found[1][2]
    assert not DevelopmentPlan.objects.exists()


def test_text_longer_than_the_database_keeps_is_a_cell_problem(chamber_a, admin_a, write_file):
    # Refused with a message on the cell on every database (PostgreSQL would refuse the
    # INSERT; SQLite would store it).
    bad = [row[:] for row in SMALL]
    bad[2][9] = "件" * 11  # 単位: at most 10 characters
    bad[3][8] = "経" * 201  # 実施事業: at most 200
    result, _job = run(write_file(bad), chamber_a, admin_a)
    found = problems(result)
    assert [(row, column) for row, column, _message in found] == [
        (3, "単位 (J)"),
        (4, "実施事業 (I)"),
    ], found
    assert "10文字以内" in found[0][2] and "11文字" in found[0][2]
    assert not result.file_problem and not DevelopmentPlan.objects.exists()


def test_missing_columns_and_an_empty_file(chamber_a, admin_a, write_file):
    result, _job = run(write_file([["計画コード", "実施事業"], ["x", "y"]]), chamber_a, admin_a)
    messages = [message for _row, _column, message in problems(result)]
    assert any("「計画名」" in m and "必須" in m for m in messages), messages
    result, _job = run(write_file([HEADER]), chamber_a, admin_a)
    assert [m for _r, _c, m in problems(result)] == ["ファイルに計画の行がありません。"]
    assert not DevelopmentPlan.objects.exists()


def test_a_row_with_actuals_cannot_disappear_even_in_the_dry_run(kawaguchi_plan, admin_a,
                                                                   tmp_path):  # fmt: skip
    item = PlanItem.objects.get(plan=kawaguchi_plan, key="sme-survey")
    ManualActual.objects.create(organization=kawaguchi_plan.organization, item=item,
                                fiscal_year=2024, recorded_on=date(2024, 6, 30), value=1,
                                evidence="議事録", entered_by=admin_a)  # fmt: skip
    header, lines = flat_table(kawaguchi_plan)
    key = header.index("行キー (key)")
    first = lines[0]
    kept = [line for line in lines if line[key] != "sme-survey"]
    kept[0][:7] = first[:7]  # the plan's columns were on the removed first line
    path = tmp_path / "without.csv"
    path.write_bytes(render_csv(header, kept))
    for dry_run in (True, False):
        result, _job = run(path, kawaguchi_plan.organization, admin_a, dry_run=dry_run)
        assert [(r, m) for r, _c, m in problems(result)] == [
            (0, "行 sme-survey には年度の入力があるため削除できません。")
        ]
    assert PlanItem.objects.filter(key="sme-survey").exists()


def test_more_than_5000_lines_and_unknown_years_are_refused(chamber_a, admin_a, write_file):
    lines = [SMALL[1]] + [["", "", "", "", "1", "巡回", f"r{n}", "", "行", "件", "", "", ""]
                          for n in range(5001)]  # fmt: skip
    result, _job = run(write_file([HEADER, *lines]), chamber_a, admin_a)
    assert [(r, m) for r, _c, m in problems(result)] == [
        (5002, "計画の定義は5,000行までです。このファイルはそれより多くあります。")
    ]
    far = [[*HEADER, "2050年度目標"], [*SMALL[1], "5"]]
    result, _job = run(write_file(far), chamber_a, admin_a)
    assert "「2050年度目標」" in result.file_problem
    assert "2015年度から2040年度" in result.file_problem
    assert not DevelopmentPlan.objects.exists()


def test_only_those_who_keep_the_plan_import_it(chamber_a, advisor_a, write_file):
    result, _job = run(write_file(SMALL), chamber_a, advisor_a)
    assert "法定経営指導員または管理者" in result.file_problem
    assert not DevelopmentPlan.objects.exists()


def test_the_command_line_prints_every_problem_and_writes_nothing(chamber_a, admin_a,
                                                                   write_file):  # fmt: skip
    bad = [row[:] for row in SMALL]
    bad[2][11] = "たくさん"
    out = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import", "plan_definitions", str(write_file(bad)), "--org", "a",
                     stdout=out)  # fmt: skip
    assert out.getvalue().splitlines()[0].startswith("3\t令和6年度 (L)\t")
    assert counts() == (0, 0, 0, 0)
    out = io.StringIO()
    call_command("import", "plan_definitions", str(write_file(SMALL)), "--org", "a", "--user",
                 admin_a.username, stdout=out)  # fmt: skip
    assert "3 new" in out.getvalue()
    assert PlanItem.objects.filter(plan__code="small").count() == 3


def test_the_plan_page_offers_the_table(kawaguchi_plan, committee_a):
    client = login(committee_a)
    url = reverse("evaluation:export_definition", args=[kawaguchi_plan.pk])
    response = client.get(url + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").startswith("計画コード (code),")
    detail = client.get(reverse("evaluation:plan_detail", args=[kawaguchi_plan.pk]))
    assert "?format=csv" in detail.content.decode()


def test_the_data_pages_upload_preview_check_and_commit(chamber_a, admin_a):
    upload = SimpleUploadedFile("plan.csv", csv_bytes(SMALL, "cp932"))
    job = dataio_services.create_job(
        kind=get_import_kind("plan_definitions"), upload=upload, user=admin_a
    )
    assert job.mapping["plan_code"] == 0 and job.mapping["fy2024"] == 11
    assert job.mapping["fy2025"] == 12
    client = login(admin_a)
    page = client.get(reverse("dataio:mapping", args=[job.pk])).content.decode()
    assert "2024年度目標" in page and "新しい行" in page
    assert dataio_services.check_job(job).error_count == 0
    assert client.get(reverse("dataio:dry_run", args=[job.pk])).status_code == 200
    dataio_services.commit_job(job, actor=admin_a)
    assert PlanItem.objects.filter(plan__code="small").count() == 3


def test_the_dry_run_counts_what_would_change(chamber_a, admin_a, write_file):
    run(write_file(SMALL), chamber_a, admin_a)
    result, _job = run(write_file(SMALL, name="again.csv"), chamber_a, admin_a, dry_run=True)
    assert result.counts == {"unchanged": 3}
    renamed = [row[:] for row in SMALL]
    renamed[1][1] = "小さな計画（改）"
    renamed.append(["", "", "", "", "2", "意欲", "more", "", "追加の行", "件", "", "", ""])
    result, _job = run(write_file(renamed, name="renamed.csv"), chamber_a, admin_a)
    assert result.counts == {"update": 1, "unchanged": 2, "create": 1}, problems(result)
    assert DevelopmentPlan.objects.get().title == "小さな計画（改）"
    assert AuditEntry.objects.filter(action="evaluation.plan.updated").count() == 1
