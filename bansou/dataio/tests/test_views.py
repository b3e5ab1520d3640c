"""The import screens: upload, mapping with preview, dry run, problem download, fix, commit."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bansou.audit.models import AuditEntry
from bansou.businesses.models import Business
from bansou.dataio.models import ImportJob, ImportStatus
from bansou.testing import csv_bytes, login, xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD = [
    ["名称", "フリガナ", "業種", "従業員数"],
    ["青葉商店", "アオバショウテン", "小売業", "３"],
    ["芝食堂", "シバショクドウ", "飲食店", "5"],
]


def upload(client, rows, kind="businesses", encoding="cp932", name="register.csv"):
    data = SimpleUploadedFile(name, csv_bytes(rows, encoding))
    return client.post(reverse("dataio:index"), {"kind": kind, "file": data})


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_upload_shows_the_detected_mapping_and_a_preview(advisor_a):
    client = login(advisor_a)
    response = upload(client, GOOD)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "dataio:mapping", args=[job.pk]
    )
    assert job.encoding == "cp932" and job.mapping["name"] == 0 and job.mapping["employees"] == 3
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "青葉商店" in text and "アオバショウテン" in text
    assert 'value="0" selected' in text  # the name column is chosen already
    assert not Business.objects.exists()  # the preview writes nothing


def test_a_refused_encoding_is_named_on_the_upload_form(advisor_a):
    client = login(advisor_a)
    response = upload(client, GOOD, encoding="euc_jp")
    assert response.status_code == 200
    assert "EUC-JP" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_csv_named_xlsx_is_refused_as_not_an_excel_file(advisor_a):
    client = login(advisor_a)
    response = upload(client, GOOD, encoding="utf-8", name="名簿.xlsx")
    assert response.status_code == 200
    assert "中身は Excel ファイルではありません" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_preview_prints_ids_without_thousands_separators(advisor_a):
    client = login(advisor_a)
    upload(client, [["ID", *GOOD[0]], ["999999", *GOOD[1][:3], "3"]])
    job = ImportJob.objects.get()
    assert job.mapping["id"] == 0
    text = client.get(reverse("dataio:mapping", args=[job.pk])).content.decode()
    assert "999999" in text and "999,999" not in text


@pytest.mark.parametrize("code", ["businesses", "support_records", "plan_actuals"])
def test_every_id_column_previews_as_plain_digits(code):
    from bansou.dataio.registry import get_import_kind

    kind = get_import_kind(code)
    id_columns = [c for c in kind.columns if c.field in ("id", "business_id", "entry_id")]
    assert id_columns
    for column in id_columns:
        assert column.display(1234567) == "1234567"


def test_dry_run_lists_problems_and_nothing_is_written(advisor_a):
    client = login(advisor_a)
    bad = [*GOOD, ["", "カラ", "小売業", "1"], ["川口精工", "カワグチセイコウ", "宇宙業", "x"]]
    upload(client, bad)
    job = ImportJob.objects.get()
    response = client.post(
        reverse("dataio:mapping", args=[job.pk]),
        {**{k: "" if v is None else v for k, v in job.mapping.items()}, "check": "1"},
    )
    assert response["Location"] == reverse("dataio:dry_run", args=[job.pk])
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID and job.error_rows == 2 and job.error_count == 3
    page = client.get(response["Location"]).content.decode()
    assert "名称 (A)" in page and "業種 (C)" in page
    assert reverse("dataio:commit", args=[job.pk]) not in page
    refused = client.post(reverse("dataio:commit", args=[job.pk]))
    assert refused.status_code == 302 and not Business.objects.exists()

    listed = content(client.get(reverse("dataio:errors", args=[job.pk]), {"format": "csv"}))
    rows = list(csv.reader(io.StringIO(listed.decode("utf-8-sig"))))
    assert rows[0] == ["区分", "行", "列", "内容"]
    assert [r[1] for r in rows[1:]] == ["4", "5", "5"]
    sheet = openpyxl.load_workbook(
        io.BytesIO(content(client.get(reverse("dataio:errors", args=[job.pk]), {"format": "xlsx"})))
    ).active
    assert sheet.max_row == 4
    cp932 = content(
        client.get(reverse("dataio:errors", args=[job.pk]), {"format": "csv", "encoding": "cp932"})
    )
    assert "宇宙業" in cp932.decode("cp932")


def test_a_corrected_file_is_checked_again_and_imported(advisor_a):
    client = login(advisor_a)
    upload(client, [*GOOD, ["", "カラ", "小売業", "1"]])
    job = ImportJob.objects.get()
    client.post(
        reverse("dataio:mapping", args=[job.pk]),
        {**{k: "" if v is None else v for k, v in job.mapping.items()}, "check": "1"},
    )
    fixed = SimpleUploadedFile(
        "fixed.csv", csv_bytes([*GOOD, ["空商店", "カラ", "小売業", "1"]], "cp932")
    )
    response = client.post(reverse("dataio:replace", args=[job.pk]), {"file": fixed})
    assert response["Location"] == reverse("dataio:dry_run", args=[job.pk])
    job.refresh_from_db()
    assert job.status == ImportStatus.VALID and job.file_name == "fixed.csv"
    response = client.post(reverse("dataio:commit", args=[job.pk]))
    assert response["Location"] == reverse("dataio:job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTED and job.created_count == 3 and job.finished_at
    assert set(Business.objects.values_list("name", flat=True)) == {"青葉商店", "芝食堂", "空商店"}
    assert not job.path.exists()  # the upload is deleted once imported
    entry = AuditEntry.objects.get(action="dataio.import.committed")
    assert entry.actor == advisor_a and entry.target_id == job.pk
    page = client.get(reverse("dataio:job", args=[job.pk])).content.decode()
    assert reverse("businesses:list") in page
    again = client.post(reverse("dataio:commit", args=[job.pk]))
    assert again.status_code == 302 and Business.objects.count() == 3


def test_name_and_phone_matches_must_be_confirmed(advisor_a, chamber_a):
    Business.objects.create(
        organization=chamber_a,
        name="青葉商店",
        name_kana="アオバ",
        industry="I",
        phone="048-111-2222",
    )
    client = login(advisor_a)
    upload(client, [["名称", "電話番号", "従業員数"], ["青葉商店", "048-111-2222", "4"]])
    job = ImportJob.objects.get()
    client.post(
        reverse("dataio:mapping", args=[job.pk]),
        {**{k: "" if v is None else v for k, v in job.mapping.items()}, "check": "1"},
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.VALID and job.review_count == 1
    assert client.post(reverse("dataio:commit", args=[job.pk])).status_code == 400
    assert Business.objects.get().employees is None
    client.post(reverse("dataio:commit", args=[job.pk]), {"accept_reviews": "on"})
    assert Business.objects.get().employees == 4


def test_another_chambers_job_is_not_found(advisor_a, advisor_b):
    upload(login(advisor_a), GOOD)
    job = ImportJob.objects.get()
    for name in ("dataio:mapping", "dataio:job", "dataio:errors"):
        assert login(advisor_b).get(reverse(name, args=[job.pk])).status_code == 404


def test_whole_list_export_follows_the_users_visibility(
    advisor_a, expert_a, assigned_business, chamber_a
):
    Business.objects.create(
        organization=chamber_a, name="他の事業者", name_kana="ホカ", industry="E"
    )
    url = reverse("dataio:export", kwargs={"kind": "businesses"})
    advisor_csv = content(login(advisor_a).get(url, {"format": "csv"})).decode("utf-8-sig")
    expert_csv = content(login(expert_a).get(url, {"format": "csv"})).decode("utf-8-sig")
    assert "他の事業者" in advisor_csv and "他の事業者" not in expert_csv
    assert assigned_business.name in expert_csv
    assert (
        login(advisor_a).get(reverse("dataio:export", kwargs={"kind": "nothing"})).status_code
        == 404
    )


def test_support_record_preview_shows_labels_and_the_matched_business(advisor_a, business_a):
    client = login(advisor_a)
    rows = [
        ["相談日", "法人番号", "相談方法", "支援テーマ", "相談内容"],
        ["R6.4.1", business_a.corporate_number, "巡回", "販路、補助金", "展示会出展の相談"],
    ]
    response = upload(client, rows, kind="support_records")
    page = client.get(response["Location"]).content.decode()
    assert "令和6年4月1日" in page and "巡回訪問" in page and "販路開拓、補助金" in page
    assert "展示会出展の相談" in page and "エラー" not in page
    assert business_a.name in page  # the business the row was matched to


def test_a_second_commit_of_the_same_checked_job_is_refused(advisor_a):
    from bansou.core.errors import DomainError
    from bansou.dataio import services

    upload(login(advisor_a), GOOD)
    job = ImportJob.objects.get()
    services.check_job(job)
    stale = ImportJob.objects.get(pk=job.pk)  # what a second request loaded before the first ended
    services.commit_job(job, actor=advisor_a)
    with pytest.raises(DomainError):
        services.commit_job(stale, actor=advisor_a)
    assert Business.objects.count() == 2
    assert ImportJob.objects.get().created_count == 2


def test_an_xlsx_upload_is_read_checked_and_imported(advisor_a):
    """The upload is stored without an extension (var/imports/<token>); openpyxl refuses such a
    path by its name, so every web xlsx import failed while the command line read the file."""
    client = login(advisor_a)
    data = SimpleUploadedFile("名簿.xlsx", xlsx_bytes(GOOD))
    response = client.post(reverse("dataio:index"), {"kind": "businesses", "file": data})
    job = ImportJob.objects.get()
    assert response.status_code == 302, response.content.decode()[:2000]
    assert job.file_format == "xlsx" and job.header == GOOD[0]
    client.post(
        reverse("dataio:mapping", args=[job.pk]),
        {**{k: "" if v is None else v for k, v in job.mapping.items()}, "check": "1"},
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.VALID, job.error_count
    client.post(reverse("dataio:commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.COMMITTED and job.created_count == 2
    assert set(Business.objects.values_list("name", flat=True)) == {"青葉商店", "芝食堂"}


def test_nul_characters_in_csv_cells_are_dropped_not_a_server_error(advisor_a):
    """PostgreSQL refuses NUL in text; a damaged export can carry it."""
    client = login(advisor_a)
    rows = [GOOD[0], ["青葉\x00商店", "アオバショウテン\x00", "小売業", "3"]]
    upload(client, rows, encoding="utf-8")
    job = ImportJob.objects.get()
    client.post(
        reverse("dataio:mapping", args=[job.pk]),
        {**{k: "" if v is None else v for k, v in job.mapping.items()}, "check": "1"},
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.VALID
    client.post(reverse("dataio:commit", args=[job.pk]))
    assert list(Business.objects.values_list("name", "name_kana")) == [
        ("青葉商店", "アオバショウテン")
    ]
