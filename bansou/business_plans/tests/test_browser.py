"""A plan's path in Chromium: create with three targets, complete, report, see group 1 and due."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bansou.core.browser import browser_page, screenshot
from bansou.followups.rules import add_months
from bansou.lib.eras import format_wareki
from bansou.testing import PASSWORD

from .factories import make_analysis

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_with_three_targets_completed_and_reported(live_server, advisor_a, business_a):
    today = timezone.localdate()
    make_analysis(business_a, advisor_a, analysed_on=today - timedelta(days=60))
    completed_on = today - timedelta(days=7)
    next_due = format_wareki(add_months(today, 1))

    with browser_page(live_server.url) as page:
        page.goto("/accounts/login/")
        page.get_by_label("ユーザー名").fill(advisor_a.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()

        page.goto(f"/plans/new/?business={business_a.pk}")
        page.get_by_label("計画名").fill("経営革新計画（新型鋳物の販路開拓）")
        page.get_by_label("計画の種類").select_option(label="経営革新計画")
        page.get_by_label("作成開始日").fill(format_wareki(today - timedelta(days=30)))
        page.get_by_label("基にした経営分析").select_option(index=1)
        page.get_by_label("基準年度", exact=True).fill("令和7年度")
        page.get_by_label("基準年度の売上高（千円）").fill("１０，０００")
        page.get_by_label("基準年度の利益（千円）").fill("５００")
        for row, (year, sales, profit) in enumerate(
            [("R8", "11,000", "600"), ("2027", "12,000", "700"), ("令和10年度", "13,000", "800")]
        ):
            page.locator(f"#id_targets-{row}-fiscal_year").fill(year)
            page.locator(f"#id_targets-{row}-sales").fill(sales)
            page.locator(f"#id_targets-{row}-profit").fill(profit)
        screenshot(page, "business-plan-form")
        page.get_by_role("button", name="保存").click()

        expect(page.locator(".message")).to_contain_text("保存しました")
        expect(
            page.get_by_role("heading", name="経営革新計画（新型鋳物の販路開拓）")
        ).to_be_visible()
        expect(page.locator("table").first).to_contain_text("令和10年度")

        page.get_by_label("策定日", exact=True).fill(format_wareki(completed_on))
        page.get_by_role("button", name="策定完了にする").click()
        expect(page.locator(".message")).to_contain_text("策定が完了しました")
        expect(page.locator("#follow-up")).to_contain_text(
            format_wareki(add_months(completed_on, 6))
        )

        page.get_by_role("link", name="6か月報告を記録").click()
        page.get_by_label("売上高（期間、千円）").fill("１０，８００")
        page.get_by_label("利益（期間、千円）").fill("▲１２０")
        page.get_by_label("支援を希望する", exact=True).check()
        screenshot(page, "follow-up-report-form")
        page.get_by_role("button", name="報告を記録").click()

        expect(page.locator(".message")).to_contain_text("グループ1")
        expect(page.locator(".facts").first).to_contain_text(next_due)
        screenshot(page, "follow-up-report-detail")

        page.get_by_role("link", name="経営革新計画（新型鋳物の販路開拓）").click()
        follow_up = page.locator("#follow-up")
        expect(follow_up).to_contain_text("グループ1")
        expect(follow_up).to_contain_text(next_due)
        screenshot(page, "business-plan-detail-followed")

        page.get_by_role("link", name="フォローアップ", exact=True).first.click()
        row = page.locator("#follow-up-table tr", has_text="経営革新計画（新型鋳物の販路開拓）")
        expect(row).to_contain_text("グループ1")
        expect(row).to_contain_text(next_due)
        screenshot(page, "follow-up-list")


def test_reminder_letter_for_a_missing_report(live_server, advisor_a, business_a):
    from .factories import make_completed_plan

    today = timezone.localdate()
    # Completed seven months ago with no report since: the report is missing.
    completed_on = add_months(today, -7)
    plan = make_completed_plan(
        business_a,
        advisor_a,
        started_on=completed_on - timedelta(days=30),
        completed_on=completed_on,
        title="事業継続力強化計画",
    )
    with browser_page(live_server.url) as page:
        page.goto("/accounts/login/")
        page.get_by_label("ユーザー名").fill(advisor_a.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()

        page.goto("/followups/?tab=missing")
        row = page.locator("#follow-up-table tr", has_text=plan.title)
        expect(row).to_contain_text("報告依頼の送付")
        screenshot(page, "follow-up-missing-reports")
        row.get_by_role("link", name="ご報告のお願い").click()
        letter = page.locator(".letter")
        expect(letter).to_contain_text(business_a.name)
        expect(letter).to_contain_text(format_wareki(completed_on))
        # The period ends the day before its report is due.
        period_end = add_months(completed_on, 6) - timedelta(days=1)
        expect(letter).to_contain_text(format_wareki(period_end))
        expect(letter).to_contain_text("期間中の売上高（千円）")
        page.emulate_media(media="print")
        screenshot(page, "follow-up-reminder-letter")
