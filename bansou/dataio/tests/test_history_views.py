"""History imports on the screens: templates, unregistered businesses created on request."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bansou.businesses.models import Business
from bansou.dataio.models import ImportJob, ImportStatus
from bansou.motivation.models import MotivationCheck
from bansou.testing import csv_bytes, login

pytestmark = pytest.mark.django_db

HISTORY_KINDS = (
    "motivation_checks",
    "analyses",
    "business_plans",
    "followup_reports",
    "followup_contacts",
)


@pytest.mark.parametrize("code", HISTORY_KINDS)
def test_each_kind_offers_its_template(code, advisor_a):
    client = login(advisor_a)
    index = client.get(reverse("dataio:index")).content.decode()
    url = reverse("dataio:template", kwargs={"kind": code})
    assert url in index
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-template.xlsx"')
    header, example = openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(
        values_only=True
    )
    assert "事業者名" in header and "株式会社青葉鋳工所" in example


def test_an_unknown_kind_has_no_template(advisor_a):
    response = login(advisor_a).get(reverse("dataio:template", kwargs={"kind": "nothing"}))
    assert response.status_code == 404


def test_unregistered_businesses_are_listed_and_created_once_confirmed(advisor_a, chamber_a):
    client = login(advisor_a)
    rows = [["事業者名", "確認日", "合計点"], ["山田商店", "2024/5/1", "50"]]
    data = SimpleUploadedFile("checks.csv", csv_bytes(rows, "cp932"))
    client.post(reverse("dataio:index"), {"kind": "motivation_checks", "file": data})
    job = ImportJob.objects.get()
    client.post(reverse("dataio:mapping", args=[job.pk]), {"check": "1", **_mapping(job)})
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID and job.missing_businesses == [["山田商店", 2]]
    page = client.get(reverse("dataio:dry_run", args=[job.pk])).content.decode()
    assert "山田商店" in page and reverse("dataio:create_missing", args=[job.pk]) in page
    response = client.post(reverse("dataio:create_missing", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.VALID and not Business.objects.exists()
    client.post(reverse("dataio:commit", args=[job.pk]))
    business = Business.objects.get(organization=chamber_a, name="山田商店")
    assert MotivationCheck.objects.get().business == business


def _mapping(job) -> dict:
    return {field: "" if index is None else str(index) for field, index in job.mapping.items()}
