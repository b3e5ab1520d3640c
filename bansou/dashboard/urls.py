"""URLs of dashboard."""

from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("row/", views.row_chart, name="row_chart"),
    path("pack.pdf", views.pack, name="pack"),
]
