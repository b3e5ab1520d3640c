"""URLs of organizations."""

from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("merge/", views.merge_view, name="merge"),
]
