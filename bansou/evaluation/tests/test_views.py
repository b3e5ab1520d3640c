"""The screens: numbers for everyone in the chamber, records only for record readers."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from bansou.audit.models import AuditEntry
from bansou.evaluation.demo import load_kawaguchi_demo
from bansou.evaluation.models import DevelopmentPlan, ManualActual
from bansou.testing import MALFORMED_IDS, download, login, xlsx_rows

pytestmark = pytest.mark.django_db


def test_result_page_numbers_and_links_by_role(kawaguchi_plan, advisor_a, committee_a):
    url = reverse("evaluation:result", args=[kawaguchi_plan.pk, 2024])
    drill = reverse("evaluation:drilldown", args=[kawaguchi_plan.pk, 2024, "motivation-checks"])
    page = login(advisor_a).get(url).content.decode()
    assert "地域の経済動向調査に関すること" in page
    assert drill in page
    committee_page = login(committee_a).get(url).content.decode()
    assert "地域の経済動向調査に関すること" in committee_page
    assert drill not in committee_page
    assert login(committee_a).get(drill).status_code == 403


def test_result_page_queries_do_not_depend_on_rows(
    kawaguchi_plan, advisor_a, django_assert_max_num_queries
):
    client = login(advisor_a)
    # One aggregate per record kind the plan counts, plus the page's own reads: the bound
    # grows with the kinds, never with the records.
    from bansou.evaluation.engine.kinds import KINDS

    with django_assert_max_num_queries(len(KINDS) + 12):
        response = client.get(reverse("evaluation:result", args=[kawaguchi_plan.pk, 2024]))
    assert response.status_code == 200


def test_a_fiscal_year_outside_the_plan_is_404(kawaguchi_plan, advisor_a):
    url = reverse("evaluation:result", args=[kawaguchi_plan.pk, 2025])
    assert login(advisor_a).get(url).status_code == 404


def test_manual_entry_is_saved_with_who_and_evidence(kawaguchi_plan, admin_a):
    url = reverse("evaluation:manual_actual", args=[kawaguchi_plan.pk, 2024, "mienaresas"])
    client = login(admin_a)
    response = client.post(
        url,
        {
            "action": "entry",
            "recorded_on": "令和6年5月31日",
            "value": "１２",
            "evidence": "LOBO回答票",
        },
    )
    assert response.status_code == 302
    entry = ManualActual.objects.get(item__key="mienaresas")
    assert (entry.value, entry.entered_by, entry.evidence) == (12, admin_a, "LOBO回答票")
    assert AuditEntry.objects.filter(action="evaluation.manual_actual.created").exists()
    result = client.get(reverse("evaluation:result", args=[kawaguchi_plan.pk, 2024]))
    assert "「MieNa」「RESAS」の各項目分析活用・掲載" in result.content.decode()
    response = client.post(url, {"action": "year", "status": "not_carried_out", "reason": ""})
    assert response.status_code == 200
    assert "実施しなかった理由を入力してください。" in response.content.decode()
    client.post(url, {"action": "delete", "entry": entry.pk})
    assert not ManualActual.objects.exists()


def test_import_shows_every_problem_and_writes_nothing(chamber_a, admin_a, plan_text):
    bad = plan_text.replace("of: motivation_check", "of: visits").replace(
        "{2023: 300, 2024: 305, 2025: 305}", "{2023: 300, 2024: lots, 2025: 305}"
    )
    upload = SimpleUploadedFile("plan.yaml", bad.encode(), content_type="application/yaml")
    response = login(admin_a).post(reverse("evaluation:import_definition"), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "2件の誤りがあるため、取り込みませんでした。" in page
    assert "記録の種類 &#x27;visits&#x27; は不明です" in page
    assert not DevelopmentPlan.objects.exists()
    good = SimpleUploadedFile("plan.yaml", plan_text.encode(), content_type="application/yaml")
    response = login(admin_a).post(reverse("evaluation:import_definition"), {"file": good})
    plan = DevelopmentPlan.objects.get()
    assert response.url == reverse("evaluation:plan_detail", args=[plan.pk])


def test_export_downloads(kawaguchi_plan, committee_a):
    client = login(committee_a)
    url = reverse("evaluation:export_definition", args=[kawaguchi_plan.pk])
    text = client.get(url + "?format=yaml").content.decode()
    assert "format: bansou-plan/1" in text and "motivation-checks" in text
    assert client.get(url + "?format=xlsx").content[:2] == b"PK"
    detail = client.get(reverse("evaluation:plan_detail", args=[kawaguchi_plan.pk]))
    assert "経営意欲確認件数" in detail.content.decode()
    # The plan's baseline column is 現状 (as in 別表1), not a business plan's 基準.
    assert '<th class="num">現状</th>' in detail.content.decode()


def test_drilldown_page_for_an_exclusion(demo_chamber):
    load_kawaguchi_demo(demo_chamber)
    plan = DevelopmentPlan.objects.get(organization=demo_chamber)
    lead = demo_chamber.users.get(username="kawaguchi-lead")
    url = reverse("evaluation:drilldown", args=[plan.pk, 2024, "motivation-checks"])
    page = login(lead).get(url, {"exclusion": "鳩ヶ谷地区"}).content.decode()
    assert "845件" in page  # the shared "%(shown)s business" msgid
    assert "鳩ヶ谷" in page


def test_drilldown_page_says_the_rule_and_the_rows_figures(demo_chamber):
    load_kawaguchi_demo(demo_chamber)
    plan = DevelopmentPlan.objects.get(organization=demo_chamber)
    lead = demo_chamber.users.get(username="kawaguchi-lead")
    url = reverse("evaluation:drilldown", args=[plan.pk, 2024, "exhibition-deals"])
    page = login(lead).get(url).content.decode()
    assert "{count:" not in page.split("<details")[0]  # the raw syntax is folded away
    assert "成約件数を合計します" in page
    assert "成約件数：合計 7" in page  # the table's 7, not the 18 participations
    assert '<th class="num">成約件数</th>' in page
    assert "上位の行：" in page and "展示会出展事業者数" in page  # the parent row
    assert "<dt>実績</dt><dd>7件</dd>" in page and "<dt>目標</dt><dd>5件</dd>" in page
    assert "<dt>評価</dt>" in page
    export = reverse("evaluation:drilldown_export", args=[plan.pk, 2024, "exhibition-deals"])
    rows = xlsx_rows(download(login(lead), export))
    assert rows[0][-1] == "成約件数"
    assert sum(row[-1] for row in rows[1:]) == 7


def test_command_writes_json_and_html(demo_chamber, tmp_path, capsys):
    load_kawaguchi_demo(demo_chamber)
    output = tmp_path / "result.json"
    call_command("evaluate", org="kawaguchi", fiscal_year="2024", format="json", output=output)
    data = json.loads(output.read_text())
    assert [(s["number"], s["percent"], s["grade"]) for s in data["sections"]][:6] == [
        (1, 172.2, "A"), (2, 80.0, "B"), (3, 96.6, "B"), (4, 110.7, "A"), (5, 114.8, "A"),
        (6, 108.4, "B"),
    ]  # fmt: skip
    call_command("evaluate", org="kawaguchi", fiscal_year="令和6年度", format="html")
    html = capsys.readouterr().out
    assert "<table" in html and "巡回事業所数から鳩ヶ谷地区巡回845件を除く" in html
    with pytest.raises(CommandError, match="令和7年度"):
        call_command("evaluate", org="kawaguchi", fiscal_year="2025")
    with pytest.raises(CommandError, match="nowhere"):
        call_command("evaluate", org="nowhere", fiscal_year="2024")


@pytest.mark.parametrize("value", MALFORMED_IDS)
def test_a_malformed_manual_entry_is_404(kawaguchi_plan, admin_a, value):
    url = reverse("evaluation:manual_actual", args=[kawaguchi_plan.pk, 2024, "mienaresas"])
    client = login(admin_a)
    assert client.get(url, {"entry": value}).status_code == 404
    assert client.post(url, {"action": "delete", "entry": value}).status_code == 404
    assert client.get(url, {"entry": ""}).status_code == 200
