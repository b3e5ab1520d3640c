"""In Chromium: a visitor opens the form from its short URL on a phone (390 px) and answers;
the answer shows in the per-question chart on the staff's results page."""

import pytest
from playwright.sync_api import expect

from bansou.core.browser import browser_page, screenshot
from bansou.testing import PASSWORD

from .conftest import make_survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()


def test_a_visitor_answers_from_the_short_url_and_staff_see_it(live_server, advisor_a,
                                                               business_a):  # fmt: skip
    survey = make_survey(business_a, advisor_a)
    price = survey.questions.get(text__startswith="価格")
    with browser_page(live_server.url) as page:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"/q/{survey.short_code}/")
        expect(page.get_by_role("heading", name=survey.product_name)).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390 + 1, width
        page.locator("fieldset", has_text="価格はいかがですか").get_by_text("5", exact=True).click()
        page.locator("fieldset", has_text="デザインはいかがですか").get_by_text(
            "4", exact=True
        ).click()
        page.locator("fieldset", has_text="現在お使いの").get_by_text("海外メーカー品").click()
        page.locator("fieldset", has_text="ご意見").locator("textarea").fill("色違いが欲しい")
        screenshot(page, "demand-public-form-390")
        page.get_by_role("button", name="送信する").click()
        expect(page.locator(".thanks")).to_contain_text("ご回答ありがとうございました")

        _login(page, advisor_a)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"/demand/{survey.pk}/results/")
        block = page.locator(f"#q{price.pk}")
        expect(block).to_contain_text("回答1件")
        expect(block).to_contain_text("平均 5.0")
        chart = block.locator("svg.demand-chart")
        expect(chart).to_be_visible()
        expect(chart).to_contain_text("5 安い")
        expect(chart).to_contain_text("1（100%）")
        expect(page.locator("body")).to_contain_text("色違いが欲しい")
        screenshot(page, "demand-results")
        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390 + 1, width
