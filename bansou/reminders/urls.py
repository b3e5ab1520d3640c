"""URLs of the reminders."""

from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("settings/", views.settings_view, name="settings"),
    path("letters/", views.letters, name="letters"),
]
