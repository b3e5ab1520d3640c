"""In Chromium, against the real database queue and its worker: an import started in the browser
shows its progress (rows done of rows in all), is still shown after a reload and completes."""

import threading

import pytest
from playwright.sync_api import expect

from bansou.businesses.models import Business
from bansou.core.browser import browser_page, screenshot
from bansou.dataio import engine
from bansou.jobs import runner
from bansou.jobs.models import Job, JobStatus
from bansou.jobs.testing import worker_thread
from bansou.testing import PASSWORD, csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = ["事業者名", "フリガナ", "業種", "従業員数"]
ROWS = [
    ["青葉商店", "アオバショウテン", "小売業", "3"],
    ["芝食堂", "シバショクドウ", "飲食店", "5"],
    ["本町工業", "ホンチョウコウギョウ", "製造業", "12"],
    ["末広鉄工", "スエヒロテッコウ", "製造業", "8"],
    ["栄町ベーカリー", "サカエチョウベーカリー", "小売業", "4"],
    ["川口印刷", "カワグチインサツ", "製造業", "20"],
]
HELD_AT = 3  # the worker stops after this many rows until the test has seen them


@pytest.fixture
def held_import(monkeypatch):
    """One row per batch; once armed, the worker waits after HELD_AT rows (inside the import's
    transaction) until released, so the page is seen while the job genuinely runs."""
    armed, reached, released = threading.Event(), threading.Event(), threading.Event()
    monkeypatch.setattr(engine, "BATCH_SIZE", 1)
    monkeypatch.setattr(runner.Progress, "WRITE_EVERY", 0)
    original = runner.Progress.update

    def update(self, done, total=None):
        original(self, done, total)
        if armed.is_set() and done == HELD_AT and not released.is_set():
            reached.set()
            released.wait(timeout=60)

    monkeypatch.setattr(runner.Progress, "update", update)
    return armed, reached, released


def test_an_import_shows_its_progress_and_completes_after_a_reload(
    live_server, advisor_a, chamber_a, district_a, tmp_path, settings, held_import
):
    settings.BANSOU_JOBS_BACKEND = "default"  # queued in the database, run by the worker
    armed, reached, released = held_import
    register = tmp_path / "名簿.csv"
    register.write_bytes(csv_bytes([HEADER, *ROWS], "cp932"))

    with worker_thread(), browser_page(live_server.url) as page:
        page.goto("/accounts/login/")
        page.get_by_label("ユーザー名").fill(advisor_a.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()
        page.get_by_role("link", name="データ入出力").click()
        page.get_by_label("ファイルの内容").select_option("businesses")
        page.get_by_label("ファイル（CSV または Excel xlsx）").set_input_files(str(register))
        page.get_by_role("button", name="アップロードして次へ").click()
        page.get_by_role("button", name="ファイル全体をチェック").click()

        # The check runs in the worker; its page follows it to the end.
        progress = page.locator("#job-progress")
        expect(progress).to_have_attribute("data-status", "succeeded", timeout=30_000)
        page.get_by_role("link", name="結果を開く").click()
        expect(page.locator("#problem-count")).to_have_text("0")

        armed.set()
        page.get_by_role("button", name="取り込む").click()
        assert reached.wait(timeout=30), "the worker never reached the held row"
        expect(progress).to_have_attribute("data-status", "running")
        expect(progress.locator(".job-counts")).to_contain_text("6行中 3行 (50%)")
        expect(progress.locator("progress")).to_have_attribute("value", "50")
        expect(progress).to_contain_text("残り約")  # the estimate
        expect(progress).to_have_attribute("hx-trigger", "every 1s")  # polling
        screenshot(page, "jobs-import-running")

        page.reload()  # the job is found running again, with its progress
        expect(progress).to_have_attribute("data-status", "running")
        expect(progress.locator(".job-counts")).to_contain_text("6行中 3行")
        expect(progress.get_by_role("button", name="キャンセル")).to_be_visible()

        released.set()  # the polling page sees the end without another reload
        expect(progress).to_have_attribute("data-status", "succeeded", timeout=30_000)
        page.reload()
        expect(progress).to_contain_text("6行を取り込みました")
        expect(progress.locator(".job-counts")).to_contain_text("6行中 6行 (100%)")
        expect(progress).not_to_have_attribute("hx-trigger", "every 1s")
        screenshot(page, "jobs-import-finished")
        page.get_by_role("link", name="結果を開く").click()
        expect(page.locator(".message, main")).to_contain_text("6")

    job = Job.objects.get(kind="dataio.commit")
    assert job.status == JobStatus.SUCCEEDED and (job.rows_done, job.rows_total) == (6, 6)
    assert Business.objects.count() == 6
