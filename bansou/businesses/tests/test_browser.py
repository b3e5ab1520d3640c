"""A person's path through the register in Chromium: log in, search by kana, open, edit, audit."""

import pytest
from playwright.sync_api import expect

from bansou.core.browser import browser_page, screenshot
from bansou.testing import PASSWORD, make_business

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_open_edit_and_see_the_audit_entry(live_server, advisor_a, chamber_a, district_a):
    make_business(chamber_a, district_a, name="川口精工株式会社", name_kana="カワグチセイコウ")
    make_business(chamber_a, district_a, name="さくら食堂", name_kana="サクラショクドウ")

    with browser_page(live_server.url) as page:
        page.goto("/accounts/login/")
        page.get_by_label("ユーザー名").fill(advisor_a.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()
        expect(page.get_by_role("heading", name="川口商工会議所")).to_be_visible()

        page.get_by_role("link", name="事業者", exact=True).first.click()
        expect(page.locator("#business-table")).to_contain_text("さくら食堂")
        # A hiragana substring of the katakana reading; htmx swaps the table in place.
        page.get_by_label("名称・フリガナ").fill("ぐちせい")
        expect(page.locator("#business-table")).not_to_contain_text("さくら食堂")
        expect(page.locator("#business-table")).to_contain_text("川口精工株式会社")
        assert "q=" in page.url  # the search is in the address bar, so it can be shared
        screenshot(page, "business-list-search")

        page.get_by_role("link", name="川口精工株式会社").click()
        expect(page.get_by_role("heading", name="川口精工株式会社")).to_be_visible()
        page.get_by_role("link", name="編集").click()
        page.get_by_label("常時使用する従業員数").fill("２５")
        page.get_by_label("設立・創業日").fill("R2.4.1")
        page.get_by_role("button", name="保存").click()

        expect(page.locator(".message")).to_contain_text("保存しました")
        facts = page.locator(".facts")
        expect(facts).to_contain_text("25")
        expect(facts).to_contain_text("令和2年4月1日")
        history = page.locator("#audit")
        expect(history).to_contain_text("常時使用する従業員数")
        expect(history).to_contain_text("8 → 25")
        expect(history).to_contain_text(advisor_a.display_name)
        screenshot(page, "business-detail-after-edit")
