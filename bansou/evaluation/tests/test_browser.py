"""The lead advisor's path: the FY2024 table, a drill-down to the 鳩ヶ谷 exclusion, an entry."""

import pytest
from playwright.sync_api import expect

from bansou.core.browser import browser_page, screenshot
from bansou.evaluation.demo import load_kawaguchi_demo
from bansou.testing import PASSWORD

from .conftest import build_demo_chamber

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()


def test_table_drilldown_and_manual_entry(live_server):
    chamber = build_demo_chamber()
    load_kawaguchi_demo(chamber)
    with browser_page(live_server.url) as page:
        _login(page, "kawaguchi-lead")
        page.get_by_role("link", name="計画と評価").first.click()
        page.get_by_role("link", name="令和6年度").click()
        table = page.locator(".evaluation-table")
        expect(table.locator("#section-1")).to_contain_text("172.2% → A")
        expect(table.locator("#section-4")).to_contain_text("110.7% → A")
        expect(table.locator("#section-4")).to_contain_text("139.3%")
        expect(table.locator("#section-6")).to_contain_text("C, A, A → B")
        screenshot(page, "evaluation-result-fy2024")

        table.get_by_role("link", name="巡回事業所数から鳩ヶ谷地区巡回845件を除く").click()
        expect(page.get_by_role("heading", name="① 経営意欲確認件数")).to_be_visible()
        expect(page.locator(".section-summary")).to_contain_text("除外（鳩ヶ谷地区）")
        expect(page.locator("table.table")).to_contain_text("鳩ヶ谷")
        screenshot(page, "evaluation-drilldown-hatogaya")

        page.get_by_role("link", name="令和6年度 評価").click()
        page.locator("#section-1 tr", has_text="MieNa").get_by_role("link", name="入力").click()
        page.get_by_label("基準日").fill("令和7年3月31日")
        page.get_by_label("実績").fill("１")
        page.get_by_label("根拠").fill("追加回答")
        page.get_by_role("button", name="保存").first.click()
        expect(page.locator(".message")).to_contain_text("実績を保存しました")
        screenshot(page, "evaluation-manual-entry")


def test_committee_member_sees_numbers_only(live_server):
    chamber = build_demo_chamber(businesses=3000, slug="kawaguchi")
    load_kawaguchi_demo(chamber)
    from bansou.accounts.models import Role
    from bansou.testing import make_user

    make_user(chamber, Role.COMMITTEE, "committee-x")
    with browser_page(live_server.url) as page:
        _login(page, "committee-x")
        page.get_by_role("link", name="計画と評価").first.click()
        page.get_by_role("link", name="令和6年度").click()
        expect(page.locator("#section-3")).to_contain_text("1,068")
        expect(page.locator("#section-3").get_by_role("link", name="1,068")).to_have_count(0)
        screenshot(page, "evaluation-result-committee")
