"""In Chromium: from the voucher programme to its stores, a store's report on a phone and a
desktop (no horizontal scroll, no English), and a hand-over recorded."""

from datetime import date

import pytest
from playwright.sync_api import expect

from bansou.core.browser import browser_page, screenshot
from bansou.evaluation.demo import load_kawaguchi_demo
from bansou.evaluation.tests.conftest import build_demo_chamber
from bansou.programmes.tests.test_browser import _login
from bansou.vouchers.demo import load_voucher_demo
from bansou.vouchers.models import VoucherFeedback, VoucherUsage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_overflow(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_store_report_and_hand_over(live_server):
    chamber = build_demo_chamber()
    load_kawaguchi_demo(chamber)
    load_voucher_demo(chamber, today=date(2026, 12, 7))
    store = (
        VoucherUsage.objects.filter(organization=chamber)
        .exclude(business__in=VoucherFeedback.objects.values("business"))
        .order_by("business_id")
        .values_list("business__name", flat=True)
        .first()
    )
    with browser_page(live_server.url) as page:
        _login(page, "kawaguchi-lead")
        page.goto("/programmes/?fy=2025")
        page.get_by_role("link", name="「元気」川口商品券 加盟店").click()
        page.get_by_role("link", name="電子商品券の店舗別利用データ").click()
        expect(page.locator("h1")).to_have_text("電子商品券 加盟店")
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 844})
            _no_overflow(page)
            screenshot(page, f"vouchers-stores-{width}")
        page.get_by_role("link", name=store, exact=True).first.click()
        expect(page.locator("main")).to_contain_text("月別の利用状況")
        expect(page.locator("main")).to_contain_text("70代以上")
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 844})
            _no_overflow(page)
            screenshot(page, f"vouchers-store-{width}")
        page.get_by_label("フィードバック日").fill("2026-01-20")
        page.get_by_role("button", name="フィードバックを記録").click()
        expect(page.locator(".message")).to_contain_text("フィードバックを記録しました")
        expect(page.locator(".voucher-handovers")).to_contain_text("令和8年1月20日")
