"""In Chromium: a partner's request → the coordinator accepts and assigns → pre-hearing → three
visits with a report → the business's timeline shows them and the partner's count moves."""

import pytest
from playwright.sync_api import expect

from bansou.core.browser import browser_page, screenshot
from bansou.testing import PASSWORD, make_business

from .factories import make_expert, make_partner, programmes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, user) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("ユーザー名").fill(user.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()


def test_referral_to_visits_on_the_timeline(live_server, coordinator_a, chamber_a, district_a):
    business = make_business(
        chamber_a, district_a, name="川口鋳造株式会社", name_kana="カワグチチュウゾウ"
    )
    bank = make_partner(chamber_a, "川口信用金庫")
    make_expert(chamber_a, name="松田 由紀")
    programmes(chamber_a)
    with browser_page(live_server.url) as page:
        _login(page, coordinator_a)
        page.goto(f"/kawabiz/partners/{bank.pk}/")
        expect(page.locator("#partner-counts")).to_contain_text("0")

        # The bank's request, taken by phone.
        page.goto("/kawabiz/referrals/new/")
        page.get_by_label("名称・フリガナ").fill("かわぐち")
        page.get_by_role("button", name="検索").click()
        page.get_by_role("link", name="川口鋳造株式会社").click()
        page.get_by_label("連携機関").select_option(str(bank.pk))
        page.get_by_label("要請者").fill("川口信用金庫 本店営業部 佐々木")
        page.get_by_label("要請日").fill("R6.6.3")
        page.get_by_label("経営ニーズ").fill("資金繰りの改善と販路開拓")
        page.get_by_role("button", name="支援要請を登録").click()
        expect(page.locator(".message")).to_contain_text("支援要請を登録しました")

        # The coordinator accepts, assigns the staff, the expert and the short programme.
        page.get_by_role("link", name="受け付けて案件を開始").click()
        page.get_by_label("受付日").fill("R6.6.5")
        page.get_by_label("専門家", exact=True).select_option(label="松田 由紀")
        page.get_by_label("派遣プログラム").select_option(label="元気アシストプログラム")
        page.get_by_role("button", name="受け付けて案件を開始").click()
        expect(page.locator(".message")).to_contain_text("案件を開始しました")

        # Pre-hearing, then three visits.
        page.get_by_role("link", name="訪問を予定").click()
        page.get_by_label("事前ヒアリング（0回目）").check()
        page.get_by_label("訪問日").fill("R6.6.10")
        page.get_by_role("button", name="予定を登録").click()
        expect(page.locator(".message")).to_contain_text("事前ヒアリングを予定しました")
        for day in ("R6.6.20", "R6.7.4", "R6.7.18"):
            page.get_by_role("link", name="訪問を予定").click()
            page.get_by_label("専門家派遣", exact=True).check()
            page.get_by_label("訪問日").fill(day)
            page.get_by_role("button", name="予定を登録").click()
        expect(page.locator("#visits")).to_contain_text("3回目")

        # The expert's report of the third visit.
        page.get_by_role("link", name="報告を記録").nth(3).click()
        page.get_by_label("状況").select_option("done")
        page.get_by_label("実施内容").fill("資金繰り表の作成支援")
        page.get_by_label("専門家の報告").fill(
            "月次の資金繰り表を作成し、借換えの相談資料を整えた。"
        )
        page.get_by_role("button", name="報告を保存").click()
        expect(page.locator("#visits")).to_contain_text("借換えの相談資料")
        page.set_viewport_size({"width": 1280, "height": 900})
        screenshot(page, "partners-case")
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, "partners-case-390")
        page.set_viewport_size({"width": 1280, "height": 900})

        # The business's timeline shows the request and the visits.
        page.goto(f"/businesses/{business.pk}/")
        expect(page.locator("body")).to_contain_text("借換えの相談資料")
        expect(page.locator("body")).to_contain_text("事前ヒアリング")
        screenshot(page, "partners-timeline")

        # The bank's 連携支援件数 moved to 1 for 令和6年度.
        page.goto(f"/kawabiz/partners/{bank.pk}/")
        expect(page.locator("#partner-counts")).to_contain_text("1")
        page.goto("/kawabiz/partners/counts/")
        expect(page.locator("#counts")).to_contain_text("川口信用金庫")
        screenshot(page, "partners-counts")
        page.goto("/kawabiz/")
        expect(page.locator("#experts")).to_contain_text("松田 由紀")
        screenshot(page, "partners-board")
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, "partners-board-390")
