"""In Chromium at 390 px: a visitor finds a store, votes, and a second vote for the same
store the same day from the same device is refused politely; no horizontal scroll."""

import pytest
from playwright.sync_api import expect

from bansou.core.browser import browser_page, screenshot
from bansou.imise.models import Vote

from .factories import make_season

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def test_vote_then_second_vote_refused_at_390(live_server, chamber_a, advisor_a):
    season = make_season(chamber_a, advisor_a, stores=3)
    store = season.candidates.order_by("pk").first()
    with browser_page(live_server.url) as page:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"/vote/{chamber_a.slug}/")
        page.get_by_label("店舗名").fill(store.name)
        page.get_by_role("button", name="検索").click()
        page.get_by_role("link", name=store.name).click()
        _no_horizontal_scroll(page)
        # The same device has the store open in a second tab (same browser, same cookie).
        second = page.context.new_page()
        second.set_viewport_size({"width": 390, "height": 844})
        second.goto(page.url)
        page.get_by_role("button", name="このお店に投票する").click()
        expect(page.locator(".message")).to_contain_text(
            f"{store.name} への投票ありがとうございました"
        )
        expect(page.get_by_text("本日はこのお店に投票済みです")).to_be_visible()
        screenshot(page, "imise-vote-390")
        second.get_by_role("button", name="このお店に投票する").click()
        expect(second.locator(".message")).to_contain_text(
            "本日はすでにこのお店に投票いただいています"
        )
        _no_horizontal_scroll(second)
        screenshot(second, "imise-vote-refused-390")
    assert Vote.objects.filter(candidate=store).count() == 1


def test_season_and_judges_screens_fit_390_and_1280(
    live_server, chamber_a, advisor_a, lead_advisor_a
):
    from django.urls import reverse

    from bansou.testing import PASSWORD

    season = make_season(chamber_a, advisor_a, stores=1)
    with browser_page(live_server.url) as page:
        page.goto(reverse("accounts:login"))
        page.get_by_label("ユーザー名").fill(lead_advisor_a.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 844})
            page.goto(reverse("imise:season_edit", args=[season.pk]))
            expect(page.get_by_label("投票の比重（%）")).to_have_value("30")
            _no_horizontal_scroll(page)
            page.goto(reverse("imise:judges", args=[season.pk]))
            page.get_by_label("審査員名").fill(f"外部審査員{width}")
            page.get_by_role("button", name="審査員に加える").click()
            expect(page.get_by_text(f"外部審査員{width}さんを審査員に加えました")).to_be_visible()
            _no_horizontal_scroll(page)
            screenshot(page, f"imise-judges-{width}")
