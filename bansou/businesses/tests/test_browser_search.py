"""In Chromium at a phone's width: search the register by phone, tell two same-named
businesses apart, save the search, jump to a page."""

import pytest
from playwright.sync_api import expect

from bansou.core.browser import browser_page, screenshot
from bansou.testing import PASSWORD, make_business

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_by_phone_and_save_the_search_on_a_phone(
    live_server, advisor_a, chamber_a, district_a
):
    make_business(
        chamber_a, district_a, name="山田商店", name_kana="ヤマダショウテン",
        address="川口市青木1-2-3", phone="048-222-1234", representative="山田 太郎",
    )  # fmt: skip
    make_business(
        chamber_a, district_a, name="山田商店", name_kana="ヤマダショウテン",
        address="川口市本町4-5", phone="048-281-9999", representative="鈴木 花子",
    )  # fmt: skip
    for i in range(60):
        make_business(chamber_a, district_a, name=f"事業者{i:02}", name_kana=f"ジギョウシャ{i:02}")
    with browser_page(live_server.url) as page:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto("/accounts/login/")
        page.get_by_label("ユーザー名").fill(advisor_a.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()
        page.goto("/businesses/")
        page.get_by_label("名称・フリガナ").fill("０４８（２２２）")
        table = page.locator("#business-table")
        expect(table).to_contain_text("川口市青木1-2-3")
        expect(table).not_to_contain_text("川口市本町4-5")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, "business-search-phone-390")

        page.get_by_label("この検索条件を保存").fill("青木の山田さん")
        page.get_by_role("button", name="保存", exact=True).click()
        expect(page.locator(".message")).to_contain_text("青木の山田さん")
        page.goto("/businesses/")
        page.get_by_role("link", name="青木の山田さん").click()
        expect(page.locator("#business-table")).to_contain_text("048-222-1234")

        page.goto("/businesses/")
        page.get_by_label("ページへ移動").fill("3")
        page.get_by_role("button", name="移動").click()
        expect(page.locator('[aria-current="page"]')).to_have_text("3")
        screenshot(page, "business-list-page-jump-390")
