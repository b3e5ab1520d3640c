"""URLs of events."""

from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("export/", views.event_export, name="export"),
    path("new/", views.event_create, name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/edit/", views.event_edit, name="edit"),
    path("<int:pk>/delete/", views.event_delete, name="delete"),
    path("<int:pk>/participants/add/", views.participant_add, name="participant_add"),
    path("<int:pk>/participants/export/", views.participants_export, name="participants_export"),
    path("participations/<int:pk>/edit/", views.participation_edit, name="participation_edit"),
    path(
        "participations/<int:pk>/delete/",
        views.participation_delete,
        name="participation_delete",
    ),
]
