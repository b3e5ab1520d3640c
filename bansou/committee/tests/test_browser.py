"""The lead advisor runs the committee meeting in Chromium; the public page shows the grades."""

import pytest
from playwright.sync_api import expect

from bansou.core.browser import browser_page, screenshot
from bansou.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_advisor_records_the_meeting_and_publishes_the_report(live_server, lead_a, plan_a):
    with browser_page(live_server.url) as page:
        page.goto("/accounts/login/")
        page.get_by_label("ユーザー名").fill(lead_a.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()

        page.goto("/committee/")
        page.get_by_role("link", name="評価委員会の登録").click()
        page.get_by_label("経営発達支援計画").select_option(label=plan_a.title)
        page.get_by_label("評価対象年度").select_option(label="令和6年度")
        page.get_by_label("開催日").fill("令和7年7月15日")
        page.get_by_label("開始時刻").fill("午前１１時")
        page.get_by_label("終了時刻").fill("午後12時15分")
        page.get_by_label("会場").fill("川口商工会議所会議室")
        page.get_by_label("事務局").fill("事務局6人（内、川口市経済部産業労働政策課1人）")
        page.get_by_role("button", name="登録").click()
        expect(page.locator(".message")).to_contain_text("評価委員会を登録しました")

        members = page.locator("#members")
        for title, name in [
            ("中小企業支援委員会 委員長", "小原一郎"),
            ("川口市 経済部長", "江原次郎"),
        ]:
            members.get_by_label("役職").fill(title)
            members.get_by_label("氏名").fill(name)
            members.get_by_role("button", name="委員を追加").click()
        expect(page.locator("#members")).to_contain_text("江原次郎")

        opinions = page.locator("#opinions")
        opinions.get_by_label("意見").fill(
            "省力化やAI・DXをテーマとしたセミナー等の追加を検討すると良い。"
        )
        opinions.get_by_role("button", name="意見を記録").click()
        expect(page.locator("#opinions")).to_contain_text("省力化やAI・DX")

        row = page.locator("#grade-3")
        expect(row).to_contain_text("96.6％ → B")
        row.get_by_label("評価").select_option("A")
        row.get_by_role("button", name="評価を記録").click()
        expect(page.locator(".message.error")).to_contain_text("理由を入力してください")
        row = page.locator("#grade-3")
        row.get_by_label("評価").select_option("A")
        row.get_by_label("理由").fill("鳩ヶ谷地区の統合による巡回先の変化を考慮")
        row.get_by_role("button", name="評価を記録").click()
        expect(page.locator("#grade-3")).to_contain_text("鳩ヶ谷地区の統合")
        screenshot(page, "committee-meeting-detail")

        page.get_by_role("button", name="評価委員会を確定して報告を公開").click()
        expect(page.locator(".message")).to_contain_text("確定しました")
        page.get_by_role("link", name="公開ページ").click()

        summary = page.locator(".summary-table")
        expect(summary).to_contain_text("③経営状況の分析に関すること")
        expect(page.locator(".report-table")).to_contain_text("96.6％ → B")
        expect(page.locator(".report-table")).to_contain_text("委員会判断：A")
        expect(page.locator(".report-meeting")).to_contain_text("令和7年7月15日（火）11:00〜12:15")
        # Members with position and name, as the published report lists them.
        expect(page.locator(".report-members")).to_contain_text(
            "中小企業支援委員会 委員長 小原一郎"
        )
        screenshot(page, "committee-public-report")
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, "committee-public-report-phone")


def test_the_progress_table_highlights_the_rows_to_review(live_server, committee_a, plan_a):
    with browser_page(live_server.url) as page:
        page.goto("/accounts/login/")
        page.get_by_label("ユーザー名").fill(committee_a.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()
        page.goto("/committee/progress/?fy=2024&month=3")
        review = page.locator("tr.needs-review")
        expect(review.first).to_contain_text("要見直し")
        expect(page.locator("tr.needs-review", has_text="経営分析件数")).to_be_visible()
        expect(page.locator("tr", has_text="経営意欲確認件数")).not_to_have_class("needs-review")
        screenshot(page, "committee-progress")
        page.emulate_media(media="print")
        screenshot(page, "committee-progress-print")
