"""The lead advisor opens the dashboard in Chromium: every chart is drawn, its table opens."""

from datetime import date

import pytest
from playwright.sync_api import expect

from bansou.committee.tests.plans import build_seed_plan
from bansou.core.browser import browser_page, screenshot
from bansou.testing import PASSWORD

from .conftest import make_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHARTS = ("sections", "row", "pipeline", "pipeline-staff", "groups")


def test_the_dashboard_draws_its_charts_and_their_tables(
    live_server, lead_advisor_a, advisor_a, business_a
):
    build_seed_plan(lead_advisor_a.organization, lead_advisor_a)
    for month in (4, 5, 7, 10, 1):
        year = 2024 if month >= 4 else 2025
        make_record(business_a, advisor_a, date(year, month, 9))
    problems = []
    with browser_page(live_server.url) as page:
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto("/accounts/login/")
        page.get_by_label("ユーザー名").fill(lead_advisor_a.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()

        page.get_by_role("link", name="ダッシュボード").first.click()
        page.get_by_label("年度", exact=True).select_option(label="令和6年度")
        page.get_by_label("集計月（月末時点）").select_option(label="3月")
        page.get_by_role("button", name="表示").click()
        for key in CHARTS:
            canvas = page.locator(f'#chart-{key} canvas[data-drawn="yes"]')
            expect(canvas).to_have_count(1)
            # Chart.js drew into it: a chart object is attached and the canvas has a size.
            assert page.evaluate(
                "k => !!Chart.getChart(document.querySelector(`#chart-${k} canvas`))", key
            )
            assert canvas.bounding_box()["height"] >= 90

        sections = page.locator("#chart-sections")
        table = sections.locator("table")
        expect(table).to_be_hidden()
        sections.get_by_text("表で見る").click()
        expect(table).to_be_visible()
        expect(table).to_contain_text("③経営状況の分析に関すること")
        expect(table).to_contain_text("96.6")

        # Another row through htmx: the line is redrawn with that row's figures.
        page.get_by_label("グラフにする実施事業").select_option(label="3. 経営分析件数")
        expect(page.locator("#chart-row h2")).to_contain_text("経営分析件数")
        expect(page.locator('#chart-row canvas[data-drawn="yes"]')).to_have_count(1)
        page.locator("#chart-row").get_by_text("表で見る").click()
        expect(page.locator("#chart-row table")).to_contain_text("189")

        screenshot(page, "dashboard-1280")
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_timeout(300)  # Chart.js redraws on resize
        screenshot(page, "dashboard-390")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    assert not problems, problems
