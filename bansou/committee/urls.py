"""URLs of the evaluation committee."""

from django.urls import path

from .views import meetings, minutes, progress, reports

app_name = "committee"

urlpatterns = [
    path("", meetings.meeting_list, name="meeting_list"),
    path("export/", meetings.meeting_export, name="meeting_export"),
    path("new/", meetings.meeting_create, name="meeting_create"),
    path("<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("<int:pk>/close/", meetings.meeting_close, name="meeting_close"),
    path("<int:pk>/reopen/", meetings.meeting_reopen, name="meeting_reopen"),
    path("<int:pk>/members/", minutes.member_add, name="member_add"),
    path("<int:pk>/members/<int:member_pk>/delete/", minutes.member_delete, name="member_delete"),
    path("<int:pk>/opinions/", minutes.opinion_add, name="opinion_add"),
    path(
        "<int:pk>/opinions/<int:opinion_pk>/delete/",
        minutes.opinion_delete,
        name="opinion_delete",
    ),
    path("<int:pk>/grades/<int:section_number>/", minutes.decision_save, name="decision_save"),
    path(
        "<int:pk>/grades/<int:section_number>/delete/",
        minutes.decision_delete,
        name="decision_delete",
    ),
    path("<int:pk>/report.xlsx", reports.report_xlsx, name="report_xlsx"),
    path("<int:pk>/report.pdf", reports.report_pdf, name="report_pdf"),
    path(
        "draft/<int:plan_pk>/<int:fiscal_year>/report.<slug:file_format>",
        reports.draft_report,
        name="draft_report",
    ),
    path("public/<slug:org_slug>/<int:fiscal_year>/", reports.public_report, name="public"),
    path("progress/", progress.progress, name="progress"),
    path("progress.xlsx", progress.progress_xlsx, name="progress_xlsx"),
    path("survey/", progress.survey_export, name="survey_export"),
]
