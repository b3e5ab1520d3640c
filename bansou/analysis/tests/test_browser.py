"""An advisor in Chromium: analyse a business with two periods, read the indicators, get the PDF."""

import pytest
from playwright.sync_api import expect

from bansou.analysis.models import BusinessAnalysis
from bansou.core.browser import ARTIFACTS, browser_page, screenshot
from bansou.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# domain-facts §3's break-even example in the second period; the first misses its costs.
PERIODS = [
    {"決算日": "R5.3.31", "売上高（千円）": "５０，０００", "営業利益（千円）": "▲１，２００"},
    {
        "決算日": "令和6年3月31日",
        "売上高（千円）": "60,000",
        "売上原価（千円）": "30,000",
        "販管費合計（千円）": "20,000",
        "営業利益（千円）": "10,000",
        "減価償却費（千円）": "2,000",
        "有利子負債（千円）": "30,000",
        "現預金（千円）": "6,000",
        "従業員数": "8",
    },
]


def test_analyse_read_the_indicators_and_download_the_report(live_server, advisor_a, business_a):
    with browser_page(live_server.url) as page:
        page.goto("/accounts/login/")
        page.get_by_label("ユーザー名").fill(advisor_a.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()

        page.goto(f"/analysis/new/?business={business_a.pk}")
        expect(page.get_by_role("heading", name="新しい分析: 株式会社青葉鋳工所")).to_be_visible()
        page.get_by_label("分析日").fill("令和6年6月10日")
        for number, figures in enumerate(PERIODS, start=1):
            for label, value in figures.items():
                page.get_by_label(f"{label}（{number}期目）", exact=True).fill(value)
        page.get_by_label("強み（S）").fill("鋳造の技術力")
        page.get_by_label("SO戦略（強み×機会）").fill("技術力を活かしEV部品に参入")
        page.get_by_label("指導員の所見", exact=True).fill("固定費を見直しましょう。")
        screenshot(page, "analysis-form")
        page.get_by_role("button", name="保存").click()

        expect(page.locator(".message")).to_contain_text("分析を保存しました")
        figures = page.locator("#figures")
        expect(figures).to_contain_text("令和6年3月期")
        expect(figures.locator("[data-indicator=break_even_ratio]")).to_contain_text("66.7")
        expect(figures.locator("[data-indicator=safety_margin]")).to_contain_text("33.3")
        expect(figures.locator("[data-indicator=ebitda_debt_multiple]")).to_contain_text("2.00")
        expect(figures.locator("[data-indicator=break_even_sales]")).to_contain_text(
            "不足: 売上原価"
        )
        expect(figures.locator("svg")).to_be_visible()
        screenshot(page, "analysis-detail")

        page.get_by_role("link", name="経営診断報告書").click()
        report = page.locator("article.report")
        expect(report.get_by_role("heading", name="経営診断報告書")).to_be_visible()
        expect(report).to_contain_text("株式会社青葉鋳工所 御中")
        expect(report).to_contain_text("技術力を活かしEV部品に参入")
        screenshot(page, "analysis-report")

        with page.expect_download() as download_info:
            page.get_by_role("link", name="報告書をダウンロード（PDF）").click()
        download = download_info.value
        assert download.suggested_filename == "経営診断報告書_株式会社青葉鋳工所_2024-06-10.pdf"
        path = ARTIFACTS / "analysis-report-download.pdf"
        download.save_as(path)
        assert path.read_bytes().startswith(b"%PDF")

    analysis = BusinessAnalysis.objects.get()
    assert analysis.statements.count() == 2
