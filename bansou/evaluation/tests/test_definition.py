"""Plan files: the shipped plan imports, round-trips, and bad files are refused by line."""

import pytest

from bansou.evaluation import services
from bansou.evaluation.definition.export import plan_data
from bansou.evaluation.models import (
    DevelopmentPlan,
    EvaluationSettings,
    PlanAmendment,
    PlanItem,
    PlanItemTarget,
    PlanSection,
)
from bansou.evaluation.services import PlanFileError

pytestmark = pytest.mark.django_db


def test_the_shipped_plan_has_every_section_and_row(kawaguchi_plan):
    plan = kawaguchi_plan
    assert plan.fiscal_years() == [2023, 2024]  # the amendment cut FY2025
    assert plan.ends_on.isoformat() == "2026-03-31"
    amendment = PlanAmendment.objects.get(plan=plan)
    assert amendment.ends_on.isoformat() == "2025-03-31"
    assert "鳩ヶ谷商工会" in amendment.reason
    top = PlanSection.objects.filter(plan=plan, parent=None).order_by("number")
    assert [s.number for s in top] == list(range(1, 11))
    six = top.get(number=6)
    assert [s.title for s in six.subsections.order_by("number")] == [
        "製造業者を対象とした販路開拓支援",
        "商業者を対象とした販路開拓支援",
        "全業種を対象とした販路開拓支援",
    ]
    motivation = PlanItem.objects.get(plan=plan, key="motivation-checks")
    assert (motivation.department.name, motivation.unit, motivation.baseline) == (
        "経営支援課",
        "件",
        "1,071",
    )
    targets = dict(
        PlanItemTarget.objects.filter(item=motivation).values_list("fiscal_year", "value")
    )
    assert targets == {2023: 1000, 2024: 1000, 2025: 1000}
    urgent = PlanItemTarget.objects.get(item__key="urgent-survey", fiscal_year=2024)
    assert urgent.kind == "as_needed"
    assert PlanItem.objects.filter(plan=plan, role="outcome").count() == 22
    assert PlanItem.objects.filter(plan=plan, role="qualitative").count() == 5
    assert EvaluationSettings.objects.get(organization=plan.organization).grade_bands[2] == {
        "grade": "C",
        "min_percent": "50",
        "points": 3,
    }


def test_export_and_import_round_trip(kawaguchi_plan, chamber_b, advisor_b):
    text = services.export_definition(kawaguchi_plan, "yaml").decode()
    copy = services.import_definition(chamber_b, text, actor=advisor_b)
    assert plan_data(copy) | {"organization": "a"} == plan_data(kawaguchi_plan)
    workbook = services.export_definition(kawaguchi_plan, "xlsx")
    DevelopmentPlan.objects.filter(pk=copy.pk).delete()
    again = services.import_definition(chamber_b, workbook, file_format="xlsx", actor=advisor_b)
    assert plan_data(again) | {"organization": "a"} == plan_data(kawaguchi_plan)


def test_reimport_updates_in_place(kawaguchi_plan, admin_a, plan_text):
    item = PlanItem.objects.get(plan=kawaguchi_plan, key="analyses")
    changed = plan_text.replace("{2023: 300, 2024: 305, 2025: 305}", "{2023: 300, 2024: 310}")
    plan = services.import_definition(kawaguchi_plan.organization, changed, actor=admin_a)
    assert plan.pk == kawaguchi_plan.pk
    same = PlanItem.objects.get(plan=plan, key="analyses")
    assert same.pk == item.pk
    assert dict(same.targets.values_list("fiscal_year", "value")) == {2023: 300, 2024: 310}


def _refused(chamber, text, actor) -> list[str]:
    before = (DevelopmentPlan.objects.count(), PlanItem.objects.count())
    with pytest.raises(PlanFileError) as info:
        services.import_definition(chamber, text, actor=actor)
    assert (DevelopmentPlan.objects.count(), PlanItem.objects.count()) == before
    return info.value.messages


def _line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if fragment in line)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("of: motivation_check", "of: motivation_chek",
         "行 motivation-checks: 記録の種類 'motivation_chek' は不明です。"),
        ("where: {channel: visit}", "where: {chanel: visit}",
         "行 motivation-checks: motivation_check に項目 'chanel' はありません。"),
        ("{2023: 300, 2024: 305, 2025: 305}", "{2023: 300, 2024: many, 2025: 305}",
         "行 analyses: 2024年度の目標は数値・「数値以上」・随時・- のいずれかで指定してください"),
        ("{2023: 1000, 2024: 1000, 2025: 1000}", "{2023: 1000, 2024: 1000, 2026: 1000}",
         "行 motivation-checks: 2026 は計画期間の年度ではありません"),
        ("{grade: C, min_percent: 50, points: 3}", "{grade: C, min_percent: 80, points: 3}",
         "評価区分: 評価B（80%以上）と評価C（80%以上）の範囲が重なっています。"),
        ("{grade: E, min_percent: 0, points: 1}", "{grade: E, min_percent: 10, points: 1}",
         "評価区分: どの達成率にも評価が付くよう、最下位の評価Eの下限は0%にしてください。"),
    ],
)  # fmt: skip
def test_bad_plan_files_are_refused_with_the_line(chamber_a, admin_a, plan_text, old, new,
                                                   expected):  # fmt: skip
    assert old in plan_text
    text = plan_text.replace(old, new, 1)
    messages = _refused(chamber_a, text, admin_a)
    line = _line_of(text, new)
    assert any(expected in m for m in messages), messages
    assert any(m.startswith(f"{line}行目:") for m in messages), (line, messages)


def test_every_problem_is_reported_at_once(chamber_a, admin_a, plan_text):
    text = plan_text.replace("of: motivation_check", "of: nothing").replace(
        "title: LOBO調査", "title: LOBO調査\n        colour: blue"
    )
    messages = _refused(chamber_a, text, admin_a)
    assert len(messages) == 2
    assert "不明なキー 'colour' です" in messages[0]
    assert "記録の種類 'nothing' は不明です" in messages[1]


def test_yaml_syntax_errors_have_a_line(chamber_a, admin_a):
    messages = _refused(chamber_a, "format: bansou-plan/1\nplan: [\n", admin_a)
    assert messages[0].startswith("3行目")


def test_a_broken_workbook_is_refused(chamber_a, admin_a):
    with pytest.raises(PlanFileError, match="Excelのブックではありません"):
        services.import_definition(chamber_a, b"not a zip", file_format="xlsx", actor=admin_a)
