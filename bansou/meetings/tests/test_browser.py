"""In Chromium: the coordinator records the monthly meeting, its progress pack is frozen, and a
row behind schedule gets a review decision (what changes, who, by when)."""

import pytest
from playwright.sync_api import expect

from bansou.core.browser import browser_page, screenshot
from bansou.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_record_a_coordinator_meeting_with_a_review_decision(live_server, plan_a, coordinator_a):
    with browser_page(live_server.url) as page:
        page.goto("/accounts/login/")
        page.get_by_label("ユーザー名").fill(coordinator_a.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()
        page.get_by_role("link", name="会議・研修").first.click()
        page.get_by_role("link", name="会議を記録").click()
        page.get_by_label("種別").select_option("coordinator")
        page.get_by_label("名称").fill("コーディネーター会議（9月）")
        page.get_by_label("開催日").fill("R6.9.27")
        page.get_by_label("参加人数").fill("９")
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_role("heading", name="コーディネーター会議（9月）")).to_be_visible()
        expect(page.locator("#pack")).to_contain_text("要見直し")
        expect(page.locator("#pack")).to_contain_text("経営分析件数")
        page.get_by_label("実施事業").select_option(label="経営分析件数")
        page.get_by_label("見直し内容").fill("巡回の重点地区を見直し、月次目標を再設定する")
        page.get_by_label("担当").fill("経営支援課長")
        page.get_by_label("期限").fill("令和6年10月31日")
        page.get_by_role("button", name="決定を記録する").click()
        expect(page.locator(".message")).to_contain_text("見直しの決定を記録しました")
        expect(page.locator("#reviews")).to_contain_text("経営支援課長")
        expect(page.locator("#reviews")).to_contain_text("令和6年10月31日")
        screenshot(page, "meetings-coordinator-1280")
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, "meetings-coordinator-390")
        page.get_by_role("link", name="会議記録").first.click()
        expect(page.locator("table")).to_contain_text("コーディネーター会議（9月）")
        screenshot(page, "meetings-register-390")
