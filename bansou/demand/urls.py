"""URLs of demand surveys: staff pages under /demand/, the public form under /q/."""

from django.urls import path

from . import views

app_name = "demand"

urlpatterns = [
    path("demand/", views.survey_list, name="list"),
    path("demand/new/", views.survey_create, name="create"),
    path("demand/<int:pk>/", views.survey_detail, name="detail"),
    path("demand/<int:pk>/edit/", views.survey_edit, name="edit"),
    path("demand/<int:pk>/status/", views.survey_status, name="status"),
    path("demand/<int:pk>/questions/new/", views.question_add, name="question_add"),
    path("demand/questions/<int:pk>/", views.question_edit, name="question_edit"),
    path("demand/questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
    path("demand/<int:pk>/enter/", views.enter, name="enter"),
    path("demand/<int:pk>/results/", views.results, name="results"),
    path("demand/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("demand/<int:pk>/feedback.pdf", views.feedback_pdf, name="feedback_pdf"),
    path("demand/<int:pk>/sheet.pdf", views.sheet_pdf, name="sheet_pdf"),
    path("demand/<int:pk>/analysis-file/", views.analysis_file, name="analysis_file"),
    path("q/<str:code>/", views.public_form, name="public_form"),
]
