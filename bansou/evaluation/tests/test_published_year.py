"""A year whose committee report is confirmed: changes need a reason, and the live table says
where it differs from the published report."""

import io
import subprocess
from datetime import date, datetime, time
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bansou.audit.models import AuditEntry
from bansou.committee import services as committee
from bansou.committee.models import CommitteeMeeting
from bansou.core.errors import DomainError
from bansou.dataio.registry import get_import_kind
from bansou.dataio.services import import_file
from bansou.evaluation import services
from bansou.evaluation.demo import load_kawaguchi_demo
from bansou.evaluation.engine import evaluate
from bansou.evaluation.models import DevelopmentPlan, ManualActual, PlanItem
from bansou.evaluation.publication import differences
from bansou.testing import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(demo_chamber):
    load_kawaguchi_demo(demo_chamber)
    plan = DevelopmentPlan.objects.get(organization=demo_chamber)
    lead = demo_chamber.users.get(username="kawaguchi-lead")
    meeting = committee.create_meeting(
        CommitteeMeeting(
            organization=demo_chamber,
            plan=plan,
            fiscal_year=2024,
            held_at=timezone.make_aware(datetime(2025, 7, 15, 11, 0)),
            ends_at=time(12, 15),
            venue="川口商工会議所会議室",
        ),
        actor=lead,
    )
    committee.close_meeting(meeting, actor=lead)
    return plan, lead


def lobo(plan):
    return PlanItem.objects.get(plan=plan, key="mienaresas")


def test_a_change_without_a_reason_is_refused_and_nothing_is_written(published):
    plan, lead = published
    item = lobo(plan)
    before = ManualActual.objects.filter(item=item).count()
    with pytest.raises(DomainError, match="評価委員会報告は確定・公表済み"):
        services.record_manual_actual(
            item, fiscal_year=2024, recorded_on=date(2025, 3, 31), value=Decimal(10),
            evidence="追加分", actor=lead,
        )  # fmt: skip
    entry = ManualActual.objects.filter(item=item, fiscal_year=2024).first()
    with pytest.raises(DomainError):
        services.update_manual_actual(
            entry, recorded_on=entry.recorded_on, value=entry.value + 1, evidence="x", actor=lead
        )
    with pytest.raises(DomainError):
        services.delete_manual_actual(entry, actor=lead)
    with pytest.raises(DomainError):
        services.set_item_year(
            item, 2024, status="not_carried_out", reason="中止", remarks="", actor=lead
        )
    assert ManualActual.objects.filter(item=item).count() == before


def test_the_page_warns_asks_for_the_reason_and_the_table_shows_the_difference(published):
    plan, lead = published
    client = login(lead)
    url = reverse("evaluation:manual_actual", args=[plan.pk, 2024, "mienaresas"])
    page = client.get(url).content.decode()
    assert "令和6年度の評価委員会報告は確定・公表済みです" in page
    assert 'name="change_reason"' in page
    form = {"action": "entry", "recorded_on": "2025-03-31", "value": "10", "evidence": "追加分"}
    client.post(url, form)
    assert not ManualActual.objects.filter(evidence="追加分").exists()
    client.post(url, {**form, "change_reason": "集計漏れの10件分を追加"})
    entry = ManualActual.objects.get(evidence="追加分")
    audit = AuditEntry.objects.get(action="evaluation.manual_actual.created", target_id=entry.pk)
    assert audit.changes["change_reason"]["new"] == "集計漏れの10件分を追加"
    table = client.get(reverse("evaluation:result", args=[plan.pk, 2024])).content.decode()
    assert "公表済みの評価委員会報告と異なります" in table
    # Section 1: 31 / 18 published, 41 / 18 now (MieNa/RESAS, typed by hand, 0 → 10).
    assert "172.2% → A" in table and "227.8% → A" in table
    assert "「MieNa」「RESAS」の各項目分析活用・掲載" in table


def test_differences_is_empty_while_nothing_moved(published):
    plan, _lead = published
    snapshot = CommitteeMeeting.objects.get(plan=plan).snapshot.result
    assert differences(snapshot, evaluate(plan, 2024).to_dict()) == []


def test_an_import_into_a_published_year_is_refused(published, write_file):
    plan, lead = published
    rows = [
        ["行キー", "年度", "基準日", "実績", "根拠"],
        ["mienaresas", "令和6年度", "令和7年3月31日", "10", "追加分"],
    ]
    result, _job = import_file(
        get_import_kind("plan_actuals"), write_file(rows), organization=plan.organization,
        actor=lead,
    )  # fmt: skip
    assert [(p.row, p.column) for p in result.problems.first] == [(2, "年度 (B)")]
    assert "行の画面から理由を添えて" in result.problems.first[0].message
    assert not ManualActual.objects.filter(evidence="追加分").exists()


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return "".join(out.stdout.split())


def test_the_cli_writes_the_confirmed_report_of_a_closed_year(published, tmp_path):
    confirmed, draft = tmp_path / "report.pdf", tmp_path / "draft.pdf"
    call_command("evaluate", org="kawaguchi", fiscal_year="2024", format="pdf", output=confirmed)
    text = pdf_text(confirmed.read_bytes(), tmp_path)
    assert "下書き" not in text and "令和7年7月15日" in text
    call_command(
        "evaluate", org="kawaguchi", fiscal_year="2024", format="pdf", output=draft, draft=True
    )
    assert "下書き" in pdf_text(draft.read_bytes(), tmp_path)


def test_the_evaluation_page_offers_the_live_table_as_draft_files(demo_chamber, tmp_path):
    load_kawaguchi_demo(demo_chamber)
    plan = DevelopmentPlan.objects.get(organization=demo_chamber)
    client = login(demo_chamber.users.get(username="kawaguchi-advisor"))
    page = client.get(reverse("evaluation:result", args=[plan.pk, 2024])).content.decode()
    xlsx = reverse("committee:draft_report", args=[plan.pk, 2024, "xlsx"])
    pdf = reverse("committee:draft_report", args=[plan.pk, 2024, "pdf"])
    assert xlsx in page and pdf in page and "報告書の下書き" in page
    # Grades only where the report prints them: 10 sections and section 6's 3 subsections.
    assert page.count('<span class="grade grade-') == 13
    assert "各区分の評価（A=5〜E=1の点数の平均" in page  # section 6's B explained
    assert "目標は随時：実績は合計に加え、目標は合計に加えません。" in page
    assert "内部メモ（公表する報告書には載りません）" in page and "139.3%" in page
    assert "2以上" in page and "地域の経済動向調査に関すること（外部環境の分析）" in page
    response = client.get(xlsx)
    assert unquote(response["Content-Disposition"]).endswith("下書き.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    summary = [c.value for row in book.worksheets[0].iter_rows() for c in row if c.value]
    assert any(str(v).startswith("下書き") for v in summary)
    text = pdf_text(client.get(pdf).content, tmp_path)
    assert "下書き" in text and "172.2％→A" in text
    assert (
        client.get(reverse("committee:draft_report", args=[plan.pk, 2024, "doc"])).status_code
        == 404
    )
    assert (
        client.get(reverse("committee:draft_report", args=[plan.pk, 2031, "pdf"])).status_code
        == 404
    )


def test_the_public_page_prints_the_overview_and_the_section_descriptions(published, client):
    plan, _lead = published
    url = reverse("committee:public", kwargs={"org_slug": "kawaguchi", "fiscal_year": 2024})
    page = client.get(url).content.decode()
    assert "経営発達支援計画の概要" in page and "Ⅲ 地域経済の活性化に資する取組" in page
    assert "令和7年３月31日へ期間短縮した" in page
    assert "①地域の経済動向調査に関すること（外部環境の分析）" in page
    assert "139.3" not in page  # the internal note stays on the live table
    assert "2回以上" in page and "巡回事業所数から鳩ヶ谷地区巡回845件を除く" in page
