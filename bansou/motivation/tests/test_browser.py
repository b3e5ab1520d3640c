"""In Chromium: record a motivation check, find the business in its place in the queue and on
the start page."""

from datetime import date

import pytest
from playwright.sync_api import expect

from bansou.core.browser import browser_page, screenshot
from bansou.motivation import services
from bansou.testing import PASSWORD, make_business

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def record(business, staff, points, **extra):
    version = services.current_version(business.organization)
    return services.record_check(
        business=business,
        staff=staff,
        version=version,
        checked_on=date(2024, 6, 3),
        points_by_item={item.pk: points for item in version.items.all()},
        actor=staff,
        **extra,
    )


def test_record_a_check_and_find_it_in_the_queue(live_server, advisor_a, chamber_a, district_a):
    strong = make_business(
        chamber_a, district_a, name="川口精工株式会社", name_kana="カワグチセイコウ"
    )
    weak = make_business(chamber_a, district_a, name="さくら食堂", name_kana="サクラショクドウ")
    target = make_business(chamber_a, district_a, name="青木鋳物店", name_kana="アオキイモノテン")
    record(strong, advisor_a, 4)  # 100.0%
    record(weak, advisor_a, 1)  # 25.0%

    with browser_page(live_server.url) as page:
        page.goto("/accounts/login/")
        page.get_by_label("ユーザー名").fill(advisor_a.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()

        page.goto(f"/motivation/new/?business={target.pk}")
        expect(page.get_by_role("heading", name="経営意欲確認: 青木鋳物店")).to_be_visible()
        questions = page.locator("li.question")
        expect(questions).to_have_count(12)
        for n in range(12):
            # 3 of 4 on every question: 75.0%, between the two businesses already checked.
            questions.nth(n).get_by_label("3", exact=True).check()
        page.get_by_label("優先度を上げる").check()
        page.get_by_role("button", name="記録").click()
        # The reason is required when the priority is raised: nothing was written yet.
        expect(page.locator(".error")).to_contain_text("優先する理由を入力してください。")
        screenshot(page, "motivation-check-form")
        page.get_by_label("優先する理由").fill("後継者が戻り設備投資を検討中")
        page.get_by_role("button", name="記録").click()

        expect(page.locator(".message")).to_contain_text("経営意欲確認を記録しました")
        expect(page.locator(".score-big")).to_have_text("75.0%")
        screenshot(page, "motivation-check-detail")

        page.get_by_role("link", name="分析候補", exact=True).first.click()
        rows = page.locator("#queue-table tbody tr")
        expect(rows).to_have_count(3)
        # Raised priority comes first, whatever the score; then the score decides.
        expect(rows.nth(0)).to_contain_text("青木鋳物店")
        expect(rows.nth(0)).to_contain_text("後継者が戻り設備投資を検討中")
        expect(rows.nth(1)).to_contain_text("川口精工株式会社")
        expect(rows.nth(2)).to_contain_text("さくら食堂")
        screenshot(page, "motivation-queue")

        page.get_by_role("link", name="ホーム", exact=True).first.click()
        queue = page.locator("#queue")
        expect(queue.locator("tbody tr").first).to_contain_text("青木鋳物店")
        expect(queue).to_contain_text("75.0%")
        screenshot(page, "dashboard-start-page")


def test_edit_the_questionnaire_makes_version_two(live_server, admin_a, advisor_a, business_a):
    old = record(business_a, advisor_a, 3)
    with browser_page(live_server.url) as page:
        page.goto("/accounts/login/")
        page.get_by_label("ユーザー名").fill(admin_a.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()

        page.goto("/motivation/questionnaire/")
        page.get_by_role("link", name="質問票を編集").click()
        page.locator("select[name=items-0-weight]").select_option("3")
        page.get_by_label("ランクAの下限（%）").fill("40")  # below B: refused with a message
        page.get_by_role("button", name="新しい版として保存").click()
        expect(page.locator(".errors")).to_contain_text(
            "ランクAの基準はランクBの基準より低くできません。"
        )
        page.get_by_label("ランクAの下限（%）").fill("80")
        page.get_by_label("変更内容").fill("経営改善への意欲の重みを3に変更")
        screenshot(page, "motivation-questionnaire-edit")
        page.get_by_role("button", name="新しい版として保存").click()

        expect(page.locator(".message")).to_contain_text("第2版として保存しました")
        expect(page.locator("body")).to_contain_text("経営改善への意欲の重みを3に変更")
        screenshot(page, "motivation-questionnaire")

    old.refresh_from_db()
    assert old.version.number == 1 and str(old.score) == "75.0"
