"""URLs of motivation."""

from django.urls import path

from . import questionnaire_views, views

app_name = "motivation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("export/", views.queue_export, name="export"),
    path("new/", views.check_create, name="create"),
    path("<int:pk>/", views.check_detail, name="detail"),
    path("<int:pk>/edit/", views.check_edit, name="edit"),
    path("<int:pk>/delete/", views.check_delete, name="delete"),
    path("questionnaire/", questionnaire_views.questionnaire, name="questionnaire"),
    path("questionnaire/edit/", questionnaire_views.questionnaire_edit, name="questionnaire_edit"),
]
