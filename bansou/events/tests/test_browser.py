"""In Chromium: register an exhibition, add a participant with outcomes, see the totals."""

import pytest
from playwright.sync_api import expect

from bansou.core.browser import browser_page, screenshot
from bansou.testing import PASSWORD, make_business

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_an_event_and_add_a_participant(live_server, advisor_a, chamber_a, district_a):
    make_business(chamber_a, district_a, name="川口精工株式会社", name_kana="カワグチセイコウ")
    with browser_page(live_server.url) as page:
        page.goto("/accounts/login/")
        page.get_by_label("ユーザー名").fill(advisor_a.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()
        page.goto("/events/")
        page.get_by_role("link", name="イベントを登録").click()
        page.get_by_label("イベント名").fill("川口i-mono展示会")
        page.get_by_label("種別").select_option("exhibition")
        page.get_by_label("開催日").fill("R6.11.5")
        page.get_by_label("会場").fill("SKIPシティ")
        screenshot(page, "events-form")
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_role("heading", name="川口i-mono展示会")).to_be_visible()
        expect(page.locator(".kana")).to_contain_text("令和6年11月5日（令和6年度）")

        page.get_by_role("link", name="参加事業者を追加").click()
        page.get_by_label("名称・フリガナ").fill("かわぐち")
        page.get_by_role("button", name="検索").click()
        page.get_by_role("link", name="川口精工株式会社").click()
        page.get_by_label("成約件数").fill("２")
        page.get_by_label("新規取引先数").fill("3")
        page.get_by_label("メモ").fill("試作品の引き合いあり")
        page.get_by_role("button", name="参加者として追加").click()
        expect(page.locator(".message")).to_contain_text("川口精工株式会社 を追加しました")
        expect(page.locator("#participants")).to_contain_text("試作品の引き合いあり")
        expect(page.locator(".cards")).to_contain_text("2")
        screenshot(page, "events-detail")

        page.get_by_role("link", name="イベント", exact=True).first.click()
        expect(page.locator("#event-table")).to_contain_text("川口i-mono展示会")
        screenshot(page, "events-list")
