"""Error pages are Japanese pages in the product's layout that say what happened and where to go."""

import logging
from pathlib import Path

from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from bansou.core.error_views import server_error
from bansou.evaluation import services as evaluation_services
from bansou.testing import login

PLAN_FILE = Path(__file__).parents[2] / "evaluation" / "plans" / "kawaguchi-2023-2025.yaml"


def _in_layout(html: str) -> None:
    assert 'class="site-header"' in html
    assert "bansou/app.css" in html
    assert '<html lang="ja">' in html


def test_404_is_japanese_with_navigation(advisor_a):
    response = login(advisor_a).get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    _in_layout(html)
    assert "このページは存在しません" in html
    assert 'class="main-nav"' in html  # the menu of a logged-in person
    assert reverse("core:home") in html
    assert "Not Found" not in html


def test_404_for_anonymous_offers_the_login(db):
    html = Client().get("/no-such-page/").content.decode()
    _in_layout(html)
    assert reverse("accounts:login") in html


def test_fiscal_year_outside_the_plan_says_why_and_links_the_plan(advisor_a, chamber_a):
    plan = evaluation_services.import_definition(chamber_a, PLAN_FILE.read_text(encoding="utf-8"))
    url = reverse("evaluation:result", kwargs={"pk": plan.pk, "fiscal_year": 2025})
    response = login(advisor_a).get(url)
    html = response.content.decode()
    assert response.status_code == 404
    # From the plan: accredited to 令和8年3月31日, shortened by the amendment of 令和7年3月31日.
    assert "令和7年度は計画期間外です（令和7年3月31日に計画期間を短縮" in html
    assert "令和5年4月1日～令和7年3月31日" in html
    assert f'href="{reverse("evaluation:plan_detail", args=[plan.pk])}"' in html


def test_fiscal_year_outside_an_unamended_plan_gives_its_period(advisor_a, chamber_a):
    plan = evaluation_services.import_definition(chamber_a, PLAN_FILE.read_text(encoding="utf-8"))
    plan.amendments.all().delete()
    url = reverse("evaluation:result", kwargs={"pk": plan.pk, "fiscal_year": 2022})
    html = login(advisor_a).get(url).content.decode()
    assert "令和4年度は計画期間外です（計画期間は令和5年4月1日～令和8年3月31日）" in html


def test_403_is_japanese_names_the_role_and_logs_no_traceback(committee_a, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = login(committee_a).get(reverse("support:list"))
    html = response.content.decode()
    assert response.status_code == 403
    _in_layout(html)
    assert "この画面を開く権限がありません" in html
    assert "評価委員" in html
    logged = [r for r in caplog.records if r.name == "django.request"]
    assert logged, "the refusal is still logged, as one line"
    assert all(r.exc_info is None and r.exc_text is None for r in logged)


def test_csrf_failure_explains_and_saves_nothing(advisor_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(advisor_a)
    response = client.post(reverse("accounts:logout"))
    html = response.content.decode()
    assert response.status_code == 403
    _in_layout(html)
    assert "フォームの有効期限が切れました" in html
    assert "CSRF verification failed" not in html
    assert client.get(reverse("core:home")).status_code == 200  # still logged in


def test_500_renders_without_the_database_or_context_processors():
    # No db fixture: pytest-django refuses any query. No session or user on the request.
    request = RequestFactory().get("/")
    with translation.override("ja"):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    _in_layout(html)
    assert "サーバーでエラーが発生しました" in html
    assert reverse("core:home") in html


def test_favicon_answers(client, db):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")


def test_pages_link_the_icon_and_show_the_role_once(advisor_a):
    advisor_a.display_name = "経営指導員 青木 健"
    advisor_a.save()
    html = login(advisor_a).get(reverse("core:home")).content.decode()
    assert 'rel="icon"' in html
    assert html.count("経営指導員") == 1


def test_the_empty_choice_of_a_select_is_japanese():
    """Django 6.1's BLANK_CHOICE_LABEL, used by every optional choice field of a model form."""
    from bansou.analysis.models import BusinessAnalysis

    field = BusinessAnalysis._meta.get_field("it_level").formfield()
    with translation.override("ja"):
        empty_label = str(field.choices[0][1])
    assert field.choices[0][0] == ""
    assert empty_label == "（選択してください）"


def test_an_upload_larger_than_the_bound_is_refused_from_its_content_length(advisor_a, settings):
    """The body is never read: the view (and the CSRF check, which reads the form) never runs."""
    settings.BANSOU_UPLOAD_MAX_MB = 1
    client = login(advisor_a)
    response = client.generic(
        "POST",
        reverse("dataio:index"),
        data=b"x" * (3 * 1024 * 1024),
        content_type="multipart/form-data; boundary=xyz",
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "1MBを超えるファイルはアップロードできません" in page
    assert response["Connection"] == "close"
    small = client.generic("POST", reverse("dataio:index"), data=b"", content_type="text/plain")
    assert small.status_code == 200
