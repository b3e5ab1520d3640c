"""In Chromium: a round's page shows the DI chart; answers entered on a phone-sized window."""

from datetime import date

import pytest
from playwright.sync_api import expect

from bansou.core.browser import browser_page, screenshot
from bansou.surveys import di
from bansou.surveys.services import create_round, save_response
from bansou.testing import PASSWORD, make_business

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _history(surveys, chamber, district, advisor):
    shops = [
        make_business(
            chamber,
            district,
            name=f"川口商店{n}",
            name_kana=f"カワグチショウテン{n}",
            industry="EIM"[n % 3],
            corporate_number="",
        )  # fmt: skip
        for n in range(6)
    ]
    survey = surveys["sme"]
    survey.panel.set(shops)
    items = {i.name: i for i in survey.items.all()}
    rounds = []
    for k, period in enumerate(["2024Q1", "2024Q2", "2024Q3", "2024Q4"]):
        round_ = create_round(survey, period, conducted_on=date(2025, 1, 10), actor=advisor)
        for n, shop in enumerate(shops):
            side = [di.PLUS, di.MINUS, di.NEUTRAL][(n + k) % 3] if n > k else di.MINUS
            save_response(round_, shop, {items["業況"]: side, items["売上高"]: di.PLUS,
                                         items["従業員数"]: di.MINUS})  # fmt: skip
        rounds.append(round_)
    return rounds, shops


def _login(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()


def test_the_period_page_shows_the_di_chart(live_server, advisor_a, chamber_a, district_a):
    from bansou.surveys.definitions import create_surveys

    rounds, shops = _history(create_surveys(chamber_a), chamber_a, district_a, advisor_a)
    with browser_page(live_server.url) as page:
        _login(page, advisor_a)
        page.goto("/surveys/")
        page.get_by_role("link", name="中小企業景況調査").click()
        expect(page.locator("svg.di-chart")).to_be_visible()
        page.get_by_role("link", name="2024Q4").click()
        chart = page.locator("#di-over-time svg.di-chart")
        expect(chart).to_be_visible()
        expect(chart.locator("polyline")).to_have_count(len(rounds[0].survey.items.all()) - 1 - 6)
        expect(page.locator("#di-by-item")).to_contain_text("▲100.0")  # 従業員数: 不足 6 of 6
        expect(page.locator("#di-by-item")).to_contain_text("(n=6)")
        box = chart.bounding_box()
        assert box["width"] > 600 and box["height"] > 200
        screenshot(page, "surveys-round")

        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()
        expect(chart).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390 + 1, width
        screenshot(page, "surveys-round-390")

        page.goto(f"/surveys/rounds/{rounds[-1].pk}/answer/?business={shops[0].pk}")
        page.locator("fieldset", has_text="業況").get_by_text("好転").click()
        screenshot(page, "surveys-answer-390")
        page.get_by_role("button", name="保存").click()
        expect(page.locator(".message")).to_contain_text("川口商店0 の回答を保存しました")


def test_staff_define_an_item_open_a_round_and_publish(live_server, staff_a, chamber_a):
    from bansou.meetings.models import Publication
    from bansou.surveys.definitions import create_surveys

    survey = create_surveys(chamber_a)["urgent"]
    with browser_page(live_server.url) as page:
        _login(page, staff_a)
        page.goto(f"/surveys/{survey.pk}/")
        page.get_by_role("link", name="項目を追加").click()
        page.locator("[name=name]").fill("DX化の進捗")
        page.locator("[name=plus_word]").fill("進んだ")
        page.locator("[name=neutral_word]").fill("変わらない")
        page.locator("[name=minus_word]").fill("遅れた")
        page.get_by_role("button", name="保存").click()
        expect(page.locator(".message")).to_contain_text("項目「DX化の進捗」を保存しました")
        expect(page.get_by_role("link", name="DX化の進捗")).to_be_visible()

        page.locator("[name=period]").fill(
            "２０２５－０６"
        )  # full-width, as typed on a Japanese IME
        page.get_by_role("button", name="実施回を開く").click()
        expect(page.locator("h1")).to_contain_text("2025年6月")

        page.locator("#report [name=commentary]").fill("DX化は中小企業でも進み始めている。")
        page.locator("#report [name=published]").check()
        page.locator("#report").get_by_role("button", name="保存").click()
        expect(page.locator("#publication")).to_contain_text("緊急アンケート 2025年6月")
        screenshot(page, "surveys-round-published")
        publication = Publication.objects.get(organization=chamber_a)
        assert publication.kind == "survey_result"

        page.set_viewport_size({"width": 390, "height": 844})
        page.get_by_role("link", name="回答用リンク").first.click()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390 + 1, width
        page.goto(f"/surveys/{survey.pk}/")
        expect(page.locator("#di-by-industry-over-time")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390 + 1, width
        page.goto(f"/surveys/{survey.pk}/panel/?q=青葉")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390 + 1, width
        screenshot(page, "surveys-panel-390")
