"""In Chromium at 390 px: the shared business picker follows the typing with htmx (no inline
script, no CSP report, no horizontal scroll), and without JavaScript the search form works."""

import re

import pytest
from playwright.sync_api import expect

from bansou.core.browser import browser_page, screenshot
from bansou.testing import PASSWORD, make_business

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()


def test_the_picker_follows_the_typing_on_a_phone(live_server, advisor_a, chamber_a, district_a):
    make_business(chamber_a, district_a, name="川口精工株式会社", name_kana="カワグチセイコウ")
    make_business(chamber_a, district_a, name="青木食堂", name_kana="アオキショクドウ")
    with browser_page(live_server.url) as page:
        errors = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.set_viewport_size({"width": 390, "height": 844})
        _login(page, advisor_a)
        page.goto("/dx/new/")
        page.get_by_label("名称・フリガナ・法人番号").press_sequentially("かわぐち", delay=30)
        # No button pressed: htmx fetched the list and pushed the search into the address.
        expect(page.locator("#business-choices")).to_contain_text("川口精工株式会社")
        expect(page.locator("#business-choices")).not_to_contain_text("青木食堂")
        expect(page).to_have_url(re.compile(r"[?&]q="))
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 390, wide
        screenshot(page, "business-picker-390")
        page.get_by_role("link", name="川口精工株式会社").click()
        expect(page).to_have_url(re.compile(r"[?&]business=\d+"))
        assert not errors, errors


def test_the_picker_works_without_javascript(live_server, advisor_a, chamber_a, district_a):
    make_business(chamber_a, district_a, name="川口精工株式会社", name_kana="カワグチセイコウ")
    with browser_page(live_server.url) as page:
        _login(page, advisor_a)
        page.context.route("**/*.js", lambda route: route.abort())
        page.goto("/dx/new/")
        page.get_by_label("名称・フリガナ・法人番号").fill("カワグチ")
        page.get_by_role("button", name="検索").click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()  # a whole page came back
        page.get_by_role("link", name="川口精工株式会社").click()
        expect(page).to_have_url(re.compile(r"[?&]business=\d+"))
