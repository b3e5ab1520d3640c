"""In Chromium: the owner sends the six-month report on a phone, the advisor confirms it,
and the link then politely refuses to be used again."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from bansou.business_plans.tests.factories import make_analysis, make_completed_plan
from bansou.core.browser import browser_page, screenshot
from bansou.selfreports import services
from bansou.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_reports_on_a_phone_and_the_advisor_confirms(live_server, advisor_a, business_a):
    today = timezone.localdate()
    # Completed seven months ago: the first six-month report is due.
    completed = today - timedelta(days=215)
    analysis = make_analysis(business_a, advisor_a, analysed_on=completed - timedelta(days=30))
    plan = make_completed_plan(
        business_a,
        advisor_a,
        analysis=analysis,
        started_on=completed - timedelta(days=20),
        completed_on=completed,
    )
    link = services.issue_link(plan, services.due_period(plan, today), actor=advisor_a)
    owner_url = services.link_path(link)

    with browser_page(live_server.url) as page:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(owner_url)
        expect(page.get_by_role("heading", level=1)).to_contain_text(business_a.name)
        page.get_by_label("売上高（千円）").fill("１２，５００")
        page.get_by_label("利益（千円）").fill("▲３００")
        page.get_by_label("支援を希望する").check()
        page.get_by_label("ご意見・近況（任意）").fill("原材料の値上がりが続いています")
        # Nothing sticks out of a phone's width.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, "selfreport-owner-form-390")
        page.get_by_role("button", name="報告を送信").click()
        expect(page.get_by_role("heading", name="ご報告ありがとうございました")).to_be_visible()
        expect(page.locator(".facts")).to_contain_text("12,500")
        expect(page.locator(".facts")).to_contain_text("▲300")
        screenshot(page, "selfreport-owner-sent-390")

        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto("/accounts/login/")
        page.get_by_label("ユーザー名").fill(advisor_a.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()
        page.goto(reverse("business_plans:detail", kwargs={"pk": plan.pk}))
        page.get_by_role("link", name="報告を確認する").click()
        expect(page.locator(".facts")).to_contain_text("原材料の値上がり")
        screenshot(page, "selfreport-confirm")
        page.get_by_role("button", name="確認して報告を登録").click()
        expect(page.locator(".message")).to_contain_text("グループ1")
        screenshot(page, "selfreport-confirmed")

        page.set_viewport_size({"width": 390, "height": 844})
        response = page.goto(owner_url)
        assert response.status == 410
        expect(page.get_by_role("heading", level=1)).to_have_text("このご報告は受付済みです")
        expect(page.locator("main form")).to_have_count(0)
        screenshot(page, "selfreport-owner-reuse-390")
