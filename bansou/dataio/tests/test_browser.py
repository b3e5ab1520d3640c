"""In Chromium: upload a CP932 CSV with two bad rows, see the problems, fix, import, see records."""

import pytest
from playwright.sync_api import expect

from bansou.businesses.models import Business
from bansou.core.browser import browser_page, screenshot
from bansou.testing import PASSWORD, csv_bytes, xlsx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = ["事業者名", "フリガナ", "業種", "従業員数", "設立日", "電話番号"]
GOOD = [
    [
        "株式会社髙橋製作所",
        "タカハシセイサクショ",
        "製造業",
        "１２",
        "令和元年5月1日",
        "048-222-0001",
    ],
    ["㈱川口フーズ", "かわぐちふーず", "飲食店", "3", "H31.4.30", "048-222-0002"],
    ["青木商店", "アオキショウテン", "小売業", "2", "2020/4/1", ""],
]
BAD = [
    *GOOD[:2],
    ["芝精機", "シバセイキ", "製造業", "十二", "2020/4/31", ""],  # two problems on row 4
    ["", "ナナシ", "小売業", "1", "", ""],  # no name on row 5
    GOOD[2],
]


def test_fix_a_cp932_file_and_import_it(live_server, advisor_a, chamber_a, district_a, tmp_path):
    bad = tmp_path / "名簿.csv"
    bad.write_bytes(csv_bytes([HEADER, *BAD], "cp932"))
    fixed = tmp_path / "名簿_修正.csv"
    fixed.write_bytes(
        csv_bytes(
            [HEADER, *GOOD, ["芝精機", "シバセイキ", "製造業", "12", "2020/4/30", ""]], "cp932"
        )
    )

    with browser_page(live_server.url) as page:
        page.goto("/accounts/login/")
        page.get_by_label("ユーザー名").fill(advisor_a.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()
        page.get_by_role("link", name="データ入出力").click()
        expect(page.get_by_role("heading", name="データ入出力")).to_be_visible()
        page.get_by_label("ファイルの内容").select_option("businesses")
        page.get_by_label("ファイル（CSV または Excel xlsx）").set_input_files(str(bad))
        screenshot(page, "dataio-upload")
        page.get_by_role("button", name="アップロードして次へ").click()

        expect(page.get_by_role("heading", name="事業者: 名簿.csv")).to_be_visible()
        expect(page.locator(".kana").first).to_contain_text("Shift_JIS (CP932)")
        preview = page.locator(".table.preview")
        expect(preview).to_contain_text("株式会社髙橋製作所")
        expect(preview).to_contain_text("令和元年5月1日")
        expect(preview).to_contain_text("カワグチフーズ")  # stored in katakana
        expect(preview).to_contain_text("存在しない日付です")
        screenshot(page, "dataio-mapping")
        page.get_by_role("button", name="ファイル全体をチェック").click()

        problems = page.locator("#problems")
        expect(problems).to_contain_text("2行に修正が必要です")
        expect(problems).to_contain_text("従業員数 (D)")
        expect(problems).to_contain_text("設立日 (E)")
        expect(problems).to_contain_text("事業者名 (A)")
        expect(page.get_by_role("button", name="取り込む")).to_have_count(0)
        screenshot(page, "dataio-dry-run-problems")
        # (No ORM call inside the browser block: with Playwright's event loop running it would
        # open a second connection that the test database teardown cannot close.)

        page.get_by_label("修正したファイル").set_input_files(str(fixed))
        page.get_by_role("button", name="アップロードして再チェック").click()
        expect(page.locator("#problem-count")).to_have_text("0")
        expect(page.locator(".cards")).to_contain_text("4")
        screenshot(page, "dataio-dry-run-valid")
        page.get_by_role("button", name="取り込む").click()

        expect(page.locator(".message")).to_contain_text("4行を取り込みました")
        screenshot(page, "dataio-job")
        page.get_by_role("link", name="一覧を開く: 事業者").click()
        table = page.locator("#business-table")
        for name in ("株式会社髙橋製作所", "㈱川口フーズ", "青木商店", "芝精機"):
            expect(table).to_contain_text(name)
        screenshot(page, "dataio-imported-businesses")
    assert Business.objects.count() == 4


def test_upload_an_xlsx_workbook_and_import_it(
    live_server, advisor_a, chamber_a, district_a, tmp_path
):
    """The stored upload has no extension; the web import read it as xlsx only from 13 on."""
    workbook = tmp_path / "名簿.xlsx"
    workbook.write_bytes(xlsx_bytes([HEADER, *GOOD]))

    with browser_page(live_server.url) as page:
        page.goto("/accounts/login/")
        page.get_by_label("ユーザー名").fill(advisor_a.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()
        page.get_by_role("link", name="データ入出力").click()
        page.get_by_label("ファイルの内容").select_option("businesses")
        page.get_by_label("ファイル（CSV または Excel xlsx）").set_input_files(str(workbook))
        page.get_by_role("button", name="アップロードして次へ").click()

        expect(page.get_by_role("heading", name="事業者: 名簿.xlsx")).to_be_visible()
        expect(page.locator(".table.preview")).to_contain_text("株式会社髙橋製作所")
        page.get_by_role("button", name="ファイル全体をチェック").click()
        expect(page.locator("#problem-count")).to_have_text("0")
        page.get_by_role("button", name="取り込む").click()

        expect(page.locator(".message")).to_contain_text("3行を取り込みました")
        screenshot(page, "dataio-xlsx-imported")
    assert set(Business.objects.values_list("name", flat=True)) == {
        "株式会社髙橋製作所",
        "㈱川口フーズ",
        "青木商店",
    }
