"""A person's path in Chromium: record support from a business's page, see it on the
timeline, find it again with the knowledge search."""

import pytest
from playwright.sync_api import expect

from bansou.core.browser import browser_page, screenshot
from bansou.support.tests.factories import make_record, tokyo
from bansou.testing import PASSWORD, make_business

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_record_see_on_timeline_and_find(live_server, advisor_a, chamber_a, district_a):
    business = make_business(
        chamber_a, district_a, name="川口精工株式会社", name_kana="カワグチセイコウ"
    )
    make_business(chamber_a, district_a, name="さくら食堂", name_kana="サクラショクドウ")
    for day in range(1, 23):  # an older history, so that the timeline has a second page
        make_record(business, advisor_a, when=tokyo(2024, 4, day), support=f"定期巡回{day}")

    with browser_page(live_server.url) as page:
        page.goto("/accounts/login/")
        page.get_by_label("ユーザー名").fill(advisor_a.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()

        page.goto(f"/businesses/{business.pk}/")
        timeline = page.locator("#timeline")
        expect(timeline).to_contain_text("定期巡回22")
        timeline.get_by_role("link", name="古い記録").click()  # htmx paging in place
        expect(timeline).to_contain_text("定期巡回2")
        expect(timeline).not_to_contain_text("定期巡回22")

        page.get_by_role("link", name="支援記録を入力").click()
        expect(page.get_by_role("heading", name="支援記録を入力")).to_be_visible()
        expect(page.get_by_label("事業者", exact=True)).to_have_value(str(business.pk))
        page.get_by_label("支援方法").select_option(label="窓口相談")
        page.get_by_label("所要時間（分）").fill("４５")
        page.get_by_label("資金繰り").check()
        page.get_by_label("補助金").check()
        page.get_by_label("現状の課題").fill("原材料高で資金繰りが厳しい。")
        page.get_by_label("支援内容").fill("資金繰り表の作成を支援し、マル経融資を案内した。")
        page.get_by_label("支援対応方法").fill("数字で示して納得いただいた。")
        page.get_by_label("次回の対応", exact=True).fill("試算表を受け取る")
        screenshot(page, "support-form")
        page.get_by_role("button", name="記録する").click()

        expect(page.locator(".message")).to_contain_text("支援記録を登録しました")
        first = page.locator("#timeline .timeline-item").first
        expect(first).to_contain_text("窓口相談")
        expect(first).to_contain_text("資金繰り表の作成を支援し")
        expect(first).to_contain_text("45分")
        screenshot(page, "support-business-timeline")

        page.get_by_role("link", name="ナレッジ検索").first.click()
        page.get_by_label("キーワード").fill("資金繰")
        results = page.locator("#search-results")
        expect(results).to_contain_text("1件見つかりました")
        expect(results.locator("mark").first).to_have_text("資金繰")
        expect(results).to_contain_text("川口精工株式会社")
        assert "q=" in page.url
        screenshot(page, "support-knowledge-search")
        results.get_by_role("link", name="川口精工株式会社").click()
        expect(page.get_by_role("heading", name="川口精工株式会社")).to_be_visible()


def test_pick_a_business_by_kana(live_server, advisor_a, chamber_a, district_a):
    make_business(chamber_a, district_a, name="川口精工株式会社", name_kana="カワグチセイコウ")
    make_business(chamber_a, district_a, name="さくら食堂", name_kana="サクラショクドウ")
    with browser_page(live_server.url) as page:
        page.goto("/accounts/login/")
        page.get_by_label("ユーザー名").fill(advisor_a.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()
        page.goto("/support/new/")
        page.get_by_label("事業者を名称・フリガナで検索").fill("さくら")
        picker = page.get_by_label("事業者", exact=True)
        expect(picker).to_contain_text("さくら食堂")
        expect(picker).not_to_contain_text("川口精工")
        page.get_by_label("支援内容").fill("メニュー改善の相談")
        page.get_by_label("経営改善").check()
        page.get_by_role("button", name="記録する").click()
        expect(page.get_by_role("heading", name="さくら食堂")).to_be_visible()
        expect(page.locator("#timeline")).to_contain_text("メニュー改善の相談")
        screenshot(page, "support-picker-result")
        page.locator("#timeline").get_by_role("link", name="巡回訪問").click()
        expect(page.get_by_role("heading", name="支援記録: さくら食堂")).to_be_visible()
        expect(page.locator(".narrative-view")).to_contain_text("メニュー改善の相談")
        expect(page.locator("#audit")).to_contain_text("登録")
        screenshot(page, "support-record-detail")
