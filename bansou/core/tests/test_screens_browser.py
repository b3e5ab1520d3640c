"""Every main screen, as each role, on a phone (390 px) and a desktop (1280 px): no horizontal
overflow, no English on a Japanese page (outside proper nouns), no console error."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from bansou.accounts.models import Role
from bansou.analysis.tests.factories import make_analysis
from bansou.business_plans.tests.factories import make_plan
from bansou.businesses.models import BusinessAssignment
from bansou.core.browser import CHROMIUM_ARGS, chromium_path, screenshot
from bansou.evaluation import services as evaluation_services
from bansou.support.tests.factories import make_record, tokyo
from bansou.testing import make_business, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN_FILE = Path(__file__).parents[2] / "evaluation" / "plans" / "kawaguchi-2023-2025.yaml"
WIDTHS = (390, 1280)
# The demo personas (bansou/demo/services.py), one of each role.
PERSONAS = {
    "advisor": (Role.ADVISOR, "青木 健"),
    "lead": (Role.LEAD_ADVISOR, "中村 誠"),
    "committee": (Role.COMMITTEE, "小原 正"),
    "admin": (Role.ADMIN, "川口 花子"),
    "coordinator": (Role.COORDINATOR, "小野寺 翔"),
    "staff": (Role.STAFF, "佐藤 一郎"),
    "expert": (Role.EXPERT, "高倉 学"),
}
# Latin words a Japanese page may show: proper nouns, abbreviations, formats, the ロカベン
# terms, and the language switch (which names its language in that language).
ALLOWED_LATIN = {
    "bansou", "KPI", "KGI", "DX", "SWOT", "SO", "ST", "WO", "WT", "VRIO", "PDF", "CSV",
    "Excel", "xlsx", "UTF", "Shift_JIS", "JIS", "CP932", "BOM", "ID", "IT", "SNS", "URL",
    "English", "YAML", "yaml", "EV", "LOBO", "Cookie", "https", "http", "www", "example",
    "PM", "AM", "API", "IP", "EC", "EDI",
    # Proper nouns of the Kawaguchi plan's rows.
    "MieNa", "RESAS", "VR", "i", "mise", "SDG", "SDGs", "EBITDA", "CSR",
}  # fmt: skip
# Words of two letters or more: single capitals are grades (A–E) and industry codes (E 製造業).
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_'’]+")
URL = re.compile(r"https?://\S+")
# 和暦 abbreviations of periods (R5.3期 is 令和5年3月期).
ERA_ABBREVIATION = re.compile(r"[RHS]\d+")
LONG_URL = "https://www.example.com/" + "x" * 400

# Visible text of the page, outside scripts and hidden elements, and the labels of controls.
VISIBLE_TEXT = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el || el.closest('script, style, template')) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    texts.push(node.textContent);
  }
  for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]'))
    if (el.checkVisibility()) texts.push(el.placeholder);
  for (const el of document.querySelectorAll('input[type=submit], input[type=button]'))
    if (el.checkVisibility()) texts.push(el.value);
  texts.push(document.title);
  return texts;
}"""


def english_in(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        for word in LATIN_WORD.findall(URL.sub("", text)):
            if word not in ALLOWED_LATIN and not ERA_ABBREVIATION.fullmatch(word):
                found.append(f"{word!r} in {text.strip()[:60]!r}")
    return found


@pytest.fixture
def chamber(chamber_a, district_a):
    """A small chamber with one of each record a screen shows (not the 15,000 of the demo)."""
    users = {}
    for key, (role, name) in PERSONAS.items():
        user = make_user(chamber_a, role, f"demo-{key}")
        user.display_name = name
        user.save()
        users[key] = user
    advisor = users["advisor"]
    business = make_business(chamber_a, district_a, name="川口精工株式会社")
    make_business(chamber_a, district_a, name="さくら食堂", name_kana="サクラショクドウ")
    BusinessAssignment.objects.create(
        organization=chamber_a, business=business, expert=users["expert"]
    )
    # A pasted URL in a narrative field: long unbroken text must wrap, not widen the page.
    record = make_record(business, advisor, when=tokyo(2024, 6, 3, 14, 30), support=LONG_URL)
    analysis = make_analysis(business, advisor, analysed_on=date(2024, 6, 10), it_level=3)
    business_plan = make_plan(business, advisor, analysis=analysis)
    plan = evaluation_services.import_definition(chamber_a, PLAN_FILE.read_text(encoding="utf-8"))
    return {
        "users": users,
        "business": business,
        "record": record,
        "analysis": analysis,
        "business_plan": business_plan,
        "plan": plan,
    }


def screens(chamber, user) -> list[str]:
    """What a role is sent to besides its menu: records, forms, the plan, error pages. A role
    that reads no records (the committee) gets the 403 page for the first, and skips the rest."""
    business, plan = chamber["business"], chamber["plan"]
    result = lambda year: reverse("evaluation:result", args=[plan.pk, year])  # noqa: E731
    common = [
        reverse("evaluation:plan_detail", args=[plan.pk]),
        result(2024),
        result(2025),  # outside the shortened plan: the explained 404
        "/no-such-page/",
    ]
    records = [
        reverse("businesses:detail", args=[business.pk]),
        reverse("support:detail", args=[chamber["record"].pk]),
        reverse("support:create") + f"?business={business.pk}",
        reverse("support:timeline", args=[business.pk]),
        reverse("analysis:detail", args=[chamber["analysis"].pk]),
        reverse("analysis:report", args=[chamber["analysis"].pk]),
        reverse("business_plans:detail", args=[chamber["business_plan"].pk]),
        reverse("business_plans:create") + f"?business={business.pk}",
        reverse("businesses:edit", args=[business.pk]),
    ]
    return (records if user.can_read_records else records[:1]) + common


def session_cookie(live_server, user) -> dict:
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


def check(page, width: int, label: str, problems: list, console: list) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems.append(f"{label}: {overflow} px wider than the screen")
    for english in english_in(page.evaluate(VISIBLE_TEXT)):
        problems.append(f"{label}: English {english}")
    for message in console:
        problems.append(f"{label}: console {message}")
    console.clear()


def test_every_screen_for_every_role_on_phone_and_desktop(live_server, chamber, monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    cookies = {key: session_cookie(live_server, user) for key, user in chamber["users"].items()}
    problems: list[str] = []
    visited = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for width in WIDTHS:
            context = browser.new_context(
                base_url=live_server.url,
                locale="ja-JP",
                viewport={"width": width, "height": 844 if width < 800 else 900},
            )
            page = context.new_page()
            console: list[str] = []
            current = {"url": ""}

            def on_console(message, console=console, current=current):
                # The error page's own status is no fault; anything else logged as an error is.
                if message.type != "error":
                    return
                if "status of 40" in message.text and message.location.get("url") == current["url"]:
                    return
                console.append(message.text)

            page.on("console", on_console)
            page.on("pageerror", lambda error, console=console: console.append(str(error)))
            for key in PERSONAS:
                context.clear_cookies()
                context.add_cookies([cookies[key]])
                page.goto("/")
                menu = page.locator(".main-nav a")
                if width < 800:
                    # The menu is behind its button on a phone, and the button opens it.
                    if menu.first.is_visible():
                        problems.append(f"{key} {width}px: the menu is open on a phone")
                    else:
                        page.get_by_role("button", name="メニュー").click()
                        if not menu.first.is_visible():
                            problems.append(f"{key} {width}px: the menu button opens nothing")
                    screenshot(page, f"screens-{key}-{width}-menu", full_page=False)
                links = [href for href in menu.evaluate_all("els => els.map(a => a.pathname)")]
                extra = screens(chamber, chamber["users"][key])
                for number, path in enumerate(dict.fromkeys(["/", *links, *extra])):
                    if path.startswith("/admin/"):
                        continue  # Django's admin site has its own layout
                    current["url"] = live_server.url + path
                    if path != "/":  # the start page is open already (with its menu)
                        page.goto(path)
                    label = f"{key} {width}px {path}"
                    check(page, width, label, problems, console)
                    screenshot(page, f"screens-{key}-{width}-{number:02d}", full_page=False)
                    visited += 1
            context.close()
        browser.close()
    assert visited > 200
    assert not problems, "\n".join(problems)
