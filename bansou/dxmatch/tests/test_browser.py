"""In Chromium: staff send a need to a vendor, the vendor proposes, staff choose it."""

import pytest
from playwright.sync_api import expect

from bansou.core.browser import browser_page, screenshot
from bansou.testing import PASSWORD, make_business

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()


def test_staff_send_a_need_the_vendor_proposes_and_staff_choose_it(
    live_server, advisor_a, vendor_a, chamber_a, district_a
):
    make_business(chamber_a, district_a, name="川口精工株式会社", name_kana="カワグチセイコウ")
    with browser_page(live_server.url) as page:
        _log_in(page, advisor_a)
        page.get_by_role("link", name="DXマッチング").first.click()
        page.get_by_role("link", name="ニーズを登録").click()
        page.get_by_label("名称・フリガナ").fill("かわぐち")
        page.get_by_role("button", name="検索").click()
        page.get_by_role("link", name="川口精工株式会社").click()
        page.get_by_label("経営ニーズ").fill("在庫の数え違いと欠品を減らしたい")
        page.get_by_label("内容").fill("月末の棚卸しを手作業で行っており、欠品が続いている。")
        page.get_by_label("予算（円）").fill("１,５００,０００")
        page.get_by_role("button", name="保存").click()
        page.get_by_label("株式会社川口システム開発").check()
        page.get_by_role("button", name="送付する").click()
        expect(page.locator(".message")).to_contain_text("1社へ送付しました")
        expect(page.locator(".kana")).to_contain_text("提案受付中")
        page.get_by_role("button", name="ログアウト").click()

        _log_in(page, vendor_a)
        expect(page.get_by_role("heading", name="届いたニーズ")).to_be_visible()
        page.get_by_role("link", name="在庫の数え違いと欠品を減らしたい").click()
        expect(page.locator(".facts")).not_to_contain_text("川口精工株式会社")
        page.get_by_role("link", name="提案する").click()
        page.get_by_label("提案", exact=True).fill("バーコードによる在庫管理")
        page.get_by_label("提案内容").fill("ハンディ端末2台と発注点の通知、操作研修2回を含みます。")
        page.get_by_label("見積額（円・税込）").fill("１，２８０，０００")
        screenshot(page, "dxmatch-proposal-form")
        page.get_by_role("button", name="提案を送信").click()
        expect(page.locator("#own-proposal")).to_contain_text("1,280,000円")
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, "dxmatch-vendor-need-390")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.get_by_role("button", name="ログアウト").click()

        _log_in(page, advisor_a)
        page.get_by_role("link", name="DXマッチング").first.click()
        page.get_by_role("link", name="在庫の数え違いと欠品を減らしたい").click()
        expect(page.locator("#proposals")).to_contain_text("1,280,000円")
        screenshot(page, "dxmatch-need-proposals")
        page.get_by_role("button", name="事業者がこの提案を選定").click()
        expect(page.locator(".kana")).to_contain_text("提案選定済")
        expect(page.locator(".proposal.chosen")).to_contain_text("株式会社川口システム開発")
        screenshot(page, "dxmatch-need-chosen")
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, "dxmatch-need-chosen-390")
        page.goto("/dx/")
        screenshot(page, "dxmatch-list-390")
