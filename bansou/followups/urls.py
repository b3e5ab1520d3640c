"""URLs of the follow-up (実施支援)."""

from django.urls import path

from . import views

app_name = "followups"

urlpatterns = [
    path("", views.followup_list, name="list"),
    path("export/", views.followup_export, name="export"),
    path("plan/<int:plan_pk>/report/new/", views.report_create, name="report_create"),
    path("plan/<int:plan_pk>/contact/new/", views.contact_create, name="contact_create"),
    path("plan/<int:plan_pk>/reminder/", views.reminder, name="reminder"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
]
