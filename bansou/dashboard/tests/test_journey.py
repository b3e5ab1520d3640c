"""The support pipeline end to end in Chromium, as one advisor lives it.

Visit → motivation check → analysis with financials (indicators shown) → business plan →
six-month report → the group and the next contact date on the advisor's start page → the
diagnosis report PDF downloads and contains Japanese text.
"""

import subprocess
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bansou.core.browser import ARTIFACTS, browser_page, screenshot
from bansou.followups.rules import add_months
from bansou.lib.eras import format_wareki
from bansou.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_whole_support_journey(live_server, advisor_a, business_a):
    today = timezone.localdate()
    analysed_on = today - timedelta(days=120)
    plan_started = today - timedelta(days=100)
    completed_on = today - timedelta(days=70)
    # Reported a month ago with profit down and support wanted: group 1, contact monthly,
    # so the next contact falls due about now and the start page lists it.
    reported_on = add_months(today, -1)
    next_due = format_wareki(add_months(reported_on, 1))

    with browser_page(live_server.url) as page:
        page.goto("/accounts/login/")
        page.get_by_label("ユーザー名").fill(advisor_a.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()

        # 1. A visit (巡回訪問) recorded from the business page.
        page.goto(f"/businesses/{business_a.pk}/")
        page.get_by_role("link", name="支援記録を入力").click()
        page.get_by_label("支援方法").select_option(label="巡回訪問")
        page.get_by_label("経営改善").check()
        page.get_by_label("現状の課題").fill("原材料高で利益が出ていない。")
        page.get_by_label("支援内容").fill("経営分析と事業計画の策定を提案した。")
        page.get_by_role("button", name="記録する").click()
        expect(page.locator(".message")).to_contain_text("支援記録を登録しました")

        # 2. The motivation check.
        page.goto(f"/motivation/new/?business={business_a.pk}")
        questions = page.locator("li.question")
        for n in range(12):
            questions.nth(n).get_by_label("4", exact=True).check()
        page.get_by_role("button", name="記録").click()
        expect(page.locator(".score-big")).to_have_text("100.0%")

        # 3. The analysis with two periods of financials; the indicators are computed.
        page.goto(f"/analysis/new/?business={business_a.pk}")
        page.get_by_label("分析日").fill(format_wareki(analysed_on))
        periods = [
            {
                "決算日": "R5.3.31",
                "売上高（千円）": "５０，０００",
                "営業利益（千円）": "▲１，２００",
            },
            {
                "決算日": "令和6年3月31日",
                "売上高（千円）": "60,000",
                "売上原価（千円）": "30,000",
                "販管費合計（千円）": "20,000",
                "営業利益（千円）": "10,000",
            },
        ]
        for number, figures in enumerate(periods, start=1):
            for label, value in figures.items():
                page.get_by_label(f"{label}（{number}期目）", exact=True).fill(value)
        page.get_by_label("強み（S）").fill("鋳造の技術力")
        page.get_by_role("button", name="保存").click()
        figures = page.locator("[data-indicator=break_even_ratio]")
        expect(figures).to_contain_text("66.7")
        analysis_url = page.url

        # 4. The business plan, resting on that analysis, completed.
        page.goto(f"/plans/new/?business={business_a.pk}")
        page.get_by_label("計画名").fill("経営革新計画（EV部品への参入）")
        page.get_by_label("計画の種類").select_option(label="経営革新計画")
        page.get_by_label("作成開始日").fill(format_wareki(plan_started))
        page.get_by_label("基にした経営分析").select_option(index=1)
        page.get_by_label("基準年度", exact=True).fill("令和6年度")
        page.get_by_label("基準年度の売上高（千円）").fill("６０，０００")
        page.get_by_label("基準年度の利益（千円）").fill("５，０００")
        for row, year in enumerate(["R7", "R8", "R9"]):
            page.locator(f"#id_targets-{row}-fiscal_year").fill(year)
            page.locator(f"#id_targets-{row}-sales").fill(f"{62_000 + row * 2_000}")
            page.locator(f"#id_targets-{row}-profit").fill(f"{5_500 + row * 500}")
        page.get_by_role("button", name="保存").click()
        page.get_by_label("策定日", exact=True).fill(format_wareki(completed_on))
        page.get_by_role("button", name="策定完了にする").click()
        expect(page.locator(".message")).to_contain_text("策定が完了しました")

        # 5. The six-month report: profit down, support wanted → group 1.
        page.get_by_role("link", name="6か月報告を記録").click()
        page.locator("#id_reported_on").fill(format_wareki(reported_on))
        page.get_by_label("売上高（期間、千円）").fill("５８，０００")
        page.get_by_label("利益（期間、千円）").fill("▲３００")
        page.get_by_label("支援を希望する", exact=True).check()
        page.get_by_role("button", name="報告を記録").click()
        expect(page.locator(".message")).to_contain_text("グループ1")

        # 6. The start page shows the follow-up with its group and due date.
        page.get_by_role("link", name="ホーム", exact=True).first.click()
        follow_ups = page.locator("#follow-ups")
        expect(follow_ups).to_contain_text("経営革新計画（EV部品への参入）")
        expect(follow_ups).to_contain_text("グループ1")
        expect(follow_ups).to_contain_text(next_due)
        screenshot(page, "journey-start-page")

        # 7. The diagnosis report PDF, with Japanese text inside.
        page.goto(analysis_url)
        page.get_by_role("link", name="経営診断報告書").click()
        with page.expect_download() as download_info:
            page.get_by_role("link", name="報告書をダウンロード（PDF）").click()
        path = ARTIFACTS / "journey-diagnosis.pdf"
        download_info.value.save_as(path)

    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "経営診断報告書" in text
    assert business_a.name in text
