"""URLs of analysis."""

from django.urls import path

from . import views

app_name = "analysis"

urlpatterns = [
    path("", views.analysis_list, name="list"),
    path("export/", views.analysis_export, name="export"),
    path("new/", views.analysis_create, name="create"),
    path("<int:pk>/", views.analysis_detail, name="detail"),
    path("<int:pk>/edit/", views.analysis_edit, name="edit"),
    path("<int:pk>/complete/", views.analysis_complete, name="complete"),
    path("<int:pk>/report/", views.analysis_report, name="report"),
    path("<int:pk>/report.pdf", views.analysis_report_pdf, name="report_pdf"),
]
