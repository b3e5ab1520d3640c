"""In Chromium: create a token on its page, open the API docs under the site's CSP and call the
API with the token."""

import pytest
from playwright.sync_api import expect

from bansou.core.browser import browser_page, screenshot
from bansou.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_a_token_read_the_docs_and_call_the_api(live_server, advisor_a, business_a):
    with browser_page(live_server.url) as page:
        refused = []
        page.on(
            "console",
            lambda message: (
                refused.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        page.goto("/accounts/login/")
        page.get_by_label("ユーザー名").fill(advisor_a.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()

        page.get_by_role("link", name="APIトークン").click()
        expect(page.get_by_role("heading", name="APIトークン", exact=True)).to_be_visible()
        page.get_by_label("名称").fill("会計ソフト連携")
        page.get_by_role("button", name="トークンを作成").click()
        expect(page.locator(".token-created")).to_contain_text("表示されるのはこの一度だけ")
        secret = page.locator(".token-secret").inner_text().strip()
        assert secret.startswith("bansou_")
        screenshot(page, "api-tokens")

        page.goto("/api/docs")
        # Swagger UI builds the page from the schema after loading it: slow on a busy machine.
        expect(page.locator(".swagger-ui .info .title")).to_contain_text(
            "bansou API", timeout=30_000
        )
        expect(page.locator(".opblock-summary-path").first).to_be_visible()
        screenshot(page, "api-docs")

        status = page.evaluate(
            "token => fetch('/api/businesses', {headers: {Authorization: 'Bearer ' + token}})"
            ".then(response => response.status)",
            secret,
        )
        assert status == 200
        assert refused == [], refused
