"""In Chromium: a store diagnosis for a store, two years of its monthly sales, "+5%" computed
on its page and counted in row 6-2 of the FY2024 evaluation."""

from datetime import date

import pytest
from playwright.sync_api import expect

from bansou.businesses.models import Business
from bansou.core.browser import browser_page, screenshot
from bansou.evaluation.demo import load_kawaguchi_demo
from bansou.evaluation.tests.conftest import build_demo_chamber
from bansou.programmes.models import Participation
from bansou.programmes.sales import add_months
from bansou.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()


def test_store_diagnosis_sales_up_5_percent(live_server):
    chamber = build_demo_chamber()
    load_kawaguchi_demo(chamber)
    taken = Participation.objects.filter(organization=chamber).values("business")
    store = (
        Business.objects.filter(organization=chamber, district__isnull=False)
        .exclude(pk__in=taken)
        .order_by("pk")
        .first()
    )
    with browser_page(live_server.url) as page:
        _login(page, "kawaguchi-lead")
        page.get_by_role("link", name="支援事業").first.click()
        screenshot(page, "programmes-list")
        page.get_by_role("link", name="専門家による店舗診断・販促ツール診断").click()
        page.get_by_role("link", name="参加事業者を追加").click()
        page.get_by_label("名称・フリガナ").fill(store.name)
        page.get_by_role("button", name="検索").click()
        page.get_by_role("link", name=store.name, exact=True).first.click()
        page.get_by_label("開始日").fill("令和6年10月1日")
        page.get_by_label("状況").select_option("completed")
        page.get_by_label("区分").fill("店舗診断")
        page.get_by_role("button", name="参加者として追加").click()
        expect(page.locator(".message")).to_contain_text(f"{store.name} を追加しました")

        page.get_by_role("link", name="月商を入力").click()
        for i in range(24):
            month = add_months(date(2023, 4, 1), i)
            page.get_by_label(f"{month.year}年{month.month}月", exact=True).fill(
                "1,000,000" if i < 12 else "１，０６０，０００"
            )
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, "programmes-sales-390")
        page.get_by_role("button", name="保存").click()
        expect(page.locator(".message")).to_contain_text("月商を保存しました")
        expect(page.locator("main")).to_contain_text("+6.0%")
        page.set_viewport_size({"width": 1280, "height": 900})
        screenshot(page, "programmes-sales-1280")

        page.get_by_role("link", name="専門家による店舗診断・販促ツール診断").first.click()
        expect(page.locator("#sales-comparison")).to_contain_text("+6.0%")
        expect(page.locator("#sales-comparison")).to_contain_text("6,360,000")
        screenshot(page, "programmes-participation-1280")
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, "programmes-participation-390")
        page.set_viewport_size({"width": 1280, "height": 900})

        page.get_by_role("link", name="計画と評価").first.click()
        page.get_by_role("link", name="令和6年度").click()
        section = page.locator("#section-6")
        rows = section.locator("tr", has_text="月商5%以上増加店舗数")
        diagnosis = rows.nth(2)  # voucher, cashless, store diagnosis, i-mise
        expect(diagnosis).not_to_contain_text("実績の報告なし")
        expect(diagnosis.locator("td.num").first).to_have_text("1")
        expect(section).to_contain_text("C, A, A → B")
        screenshot(page, "programmes-evaluation-6-2")
        diagnosis.get_by_role("link", name="1", exact=True).click()
        expect(page.locator("table.table")).to_contain_text(store.name)
        expect(page.locator("table.table")).to_contain_text("+6.0%")
        screenshot(page, "programmes-drilldown-sales")
