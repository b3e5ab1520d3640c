"""The daily digest (content, month ends and 年度 boundaries, no e-mail address) and the
report request letters (overdue plans only, recorded on the plan)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from bansou.jobs.models import Job, JobStatus
from bansou.reminders import digest, services
from bansou.reminders.models import DigestChannel, LetterChannel, ReportRequest
from bansou.testing import login, make_business

from .factories import dated_plan

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")


def test_the_digest_of_an_advisor_across_the_fiscal_year_boundary(advisor_day):
    result = digest.build(advisor_day, date(2025, 3, 31))
    names = {s.key: [item[2] for item in s.items] for s in result.sections}
    assert names == {
        "follow_ups_overdue": ["販路開拓計画"],
        "follow_ups_today": ["新商品計画"],
        "follow_ups_this_week": ["店舗改装計画"],
        "next_actions_overdue": ["見積書を届ける"],
        "visits_booked": ["工場を訪問"],
        "reports_missing": ["店舗改装計画"],
    }
    subject, body = services.render(result)
    assert "期限超過のフォローアップ (1" in body and "令和7年4月2日" in body
    assert "今週の訪問・連絡予定" in body and "工場を訪問" in body


def test_a_week_across_a_month_end(advisor_day):
    # Thursday 2025-04-03: the plan due 04-07 (Monday) is next week, 04-02 is now overdue.
    result = digest.build(advisor_day, date(2025, 4, 3))
    assert [i[2] for i in result.section("follow_ups_this_week").items] == []
    assert [i[2] for i in result.section("follow_ups_overdue").items] == [
        "販路開拓計画",
        "新商品計画",
        "店舗改装計画",
    ]
    # Sunday 2025-04-06: the week ends today; Monday 04-07 starts the next one.
    result = digest.build(advisor_day, date(2025, 4, 6))
    assert result.section("follow_ups_this_week").total == 0
    result = digest.build(advisor_day, date(2025, 4, 7))
    assert [i[2] for i in result.section("follow_ups_today").items] == ["来月の計画"]


def test_remind_sends_by_email_and_names_users_without_an_address(advisor_day, capsys):
    advisor_day.email = ""
    advisor_day.save()
    call_command("remind", "--org", "a", "--today", "2025-03-31")
    assert mail.outbox == []
    out = capsys.readouterr().out
    assert "メールアドレスが登録されていません" in out
    advisor_day.email = "advisor@example.jp"
    advisor_day.save()
    call_command("remind", "--org", "a", "--today", "2025-03-31", "--dry-run")
    assert mail.outbox == []
    assert "advisor@example.jp に送信します" in capsys.readouterr().out
    call_command("remind", "--org", "a", "--today", "2025-03-31")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["advisor@example.jp"]
    assert "販路開拓計画" in mail.outbox[0].body


def test_a_user_who_chose_none_gets_nothing(advisor_day, client):
    advisor_day.email = "advisor@example.jp"
    advisor_day.save()
    login(advisor_day).post(reverse("reminders:settings"), {"digest": DigestChannel.NONE})
    assert services.digest_choice(advisor_day) == DigestChannel.NONE
    call_command("remind", "--org", "a", "--today", "2025-03-31")
    assert mail.outbox == []


def test_letters_for_overdue_plans_only_recorded_on_eachdated_plan(
    advisor_a, business_a, chamber_a, district_a, django_capture_on_commit_callbacks
):
    # Completed 2024-09-30: the first report was due 2025-03-30.
    overdue = dated_plan(business_a, advisor_a, "延滞計画", next_report_due=date(2025, 3, 30))
    emailed_business = make_business(
        chamber_a, district_a, name="芝食堂", name_kana="シバショクドウ", email="shiba@example.jp"
    )
    emailed = dated_plan(
        emailed_business, advisor_a, "メール計画", next_report_due=date(2025, 3, 30)
    )
    dated_plan(
        business_a,
        advisor_a,
        "期限前計画",
        completed_on=date(2025, 1, 10),
        next_report_due=date(2025, 7, 10),
    )
    client = login(advisor_a)
    with time_machine.travel(datetime(2025, 4, 15, 10, tzinfo=TOKYO), tick=False):
        page = client.get(reverse("reminders:letters")).content.decode()
        assert "延滞計画" in page and "メール計画" in page and "期限前計画" not in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("reminders:letters"))
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.result_name.endswith(".pdf")
    pdf = b"".join(client.get(reverse("jobs:download", args=[job.pk])).streaming_content)
    assert pdf.startswith(b"%PDF")
    sent = {r.plan_id: r.channel for r in ReportRequest.objects.all()}
    assert sent == {overdue.pk: LetterChannel.PRINT, emailed.pk: LetterChannel.EMAIL}
    assert [m.to for m in mail.outbox] == [["shiba@example.jp"]]
    plan_page = client.get(reverse("business_plans:detail", args=[overdue.pk])).content.decode()
    assert "ご報告のお願い" in plan_page and "令和7年4月15日" in plan_page
