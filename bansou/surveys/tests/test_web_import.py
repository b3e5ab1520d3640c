"""Survey answers through the data page: the survey and the period chosen in the upload form
(the kind declares them as form fields), preview, dry run, unregistered respondents offered for
creation, all or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bansou.businesses.models import Business
from bansou.dataio.forms import option_field_name
from bansou.dataio.models import ImportJob, ImportStatus
from bansou.dataio.registry import get_import_kind, import_kinds
from bansou.surveys.models import SurveyAnswer, SurveyResponse, SurveyRound
from bansou.testing import csv_bytes, login

pytestmark = pytest.mark.django_db

SURVEY = option_field_name("survey_responses", "survey")
PERIOD = option_field_name("survey_responses", "period")
ROWS = [
    ["事業者名", "法人番号", "業況", "売上高", "経営課題"],
    ["", "7000012050002", "好転", "減少", "人手不足"],
    ["川口鋳物株式会社", "", "悪化", "該当しない", ""],
]


def _upload(client, rows=ROWS, survey="sme", period="2024Q2", encoding="cp932"):
    data = SimpleUploadedFile("survey.csv", csv_bytes(rows, encoding))
    form = {"kind": "survey_responses", "file": data, SURVEY: survey, PERIOD: period}
    return client.post(reverse("dataio:index"), form)


def _mapping(job) -> dict:
    return {field: "" if index is None else str(index) for field, index in job.mapping.items()}


def _check(client, job):
    client.post(reverse("dataio:mapping", args=[job.pk]), {"check": "1", **_mapping(job)})
    job.refresh_from_db()
    return job


def test_the_data_page_offers_kinds_whose_options_are_form_fields(surveys_a, advisor_a):
    kind = get_import_kind("survey_responses")
    assert kind in import_kinds(on_the_web=True) and kind.on_the_web()
    page = login(advisor_a).get(reverse("dataio:index")).content.decode()
    assert f'name="{SURVEY}"' in page and f'name="{PERIOD}"' in page
    assert '<option value="lobo">LOBO調査</option>' in page


def test_answers_import_with_the_survey_and_period_of_the_form(
    surveys_a, business_a, advisor_a, chamber_a
):
    client = login(advisor_a)
    response = _upload(client)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.options == {"survey": "sme", "period": "2024Q2"}
    preview = client.get(reverse("dataio:mapping", args=[job.pk])).content.decode()
    assert "好転" in preview and "川口鋳物株式会社" in preview
    # The respondent the register lacks is offered for creation; nothing is written before.
    job = _check(client, job)
    assert job.status == ImportStatus.INVALID and job.missing_businesses == [
        ["川口鋳物株式会社", 3]
    ]
    page = client.get(reverse("dataio:dry_run", args=[job.pk])).content.decode()
    assert reverse("dataio:create_missing", args=[job.pk]) in page
    assert client.post(reverse("dataio:create_missing", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.VALID
    assert not SurveyRound.objects.exists() and not Business.objects.filter(name="川口鋳物株式会社")
    client.post(reverse("dataio:commit", args=[job.pk]))
    round_ = SurveyRound.objects.get(survey=surveys_a["sme"], period="2024Q2")
    created = Business.objects.get(organization=chamber_a, name="川口鋳物株式会社")
    assert SurveyResponse.objects.filter(round=round_).count() == 2
    sides = dict(
        SurveyAnswer.objects.filter(response__business=created).values_list("item__name", "side")
    )
    assert sides == {"業況": "minus", "売上高": "na"}


@pytest.mark.parametrize(
    ("survey", "period", "message"),
    [
        ("sme", "2024-05", "YYYYQn"),  # a quarterly survey given a month
        ("lobo", "2024Q2", "YYYY-MM"),  # a monthly survey given a quarter
        ("sme", "令和6年", "YYYYQn"),
        ("", "2024Q2", "入力してください"),
    ],
)
def test_a_wrong_period_or_no_survey_is_refused_in_the_form(
    surveys_a, advisor_a, survey, period, message
):
    page = _upload(login(advisor_a), survey=survey, period=period)
    assert page.status_code == 200 and message in page.content.decode()
    assert not ImportJob.objects.exists()


def test_bad_answers_and_duplicate_respondents_write_nothing(surveys_a, business_a, advisor_a):
    client = login(advisor_a)
    rows = [
        ROWS[0],
        ["", "7000012050002", "良い", "減少", ""],
        ["株式会社青葉鋳工所", "", "好転", "増加", ""],
    ]
    _upload(client, rows)
    job = _check(client, ImportJob.objects.get())
    assert job.status == ImportStatus.INVALID and job.error_rows == 2
    page = client.get(reverse("dataio:dry_run", args=[job.pk])).content.decode()
    assert "「良い」" in page and "好転・不変・悪化" in page
    assert "1事業者につき1行" in page
    response = client.post(reverse("dataio:commit", args=[job.pk]))
    assert response.status_code in (302, 400)
    assert not SurveyRound.objects.exists() and not SurveyResponse.objects.exists()
