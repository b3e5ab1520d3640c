"""URLs of dataio."""

from django.urls import path

from . import views

app_name = "dataio"

urlpatterns = [
    path("", views.index, name="index"),
    path("imports/export/", views.jobs_export, name="jobs_export"),
    path("imports/<int:pk>/", views.job_detail, name="job"),
    path("imports/<int:pk>/mapping/", views.mapping, name="mapping"),
    path("imports/<int:pk>/check/", views.dry_run, name="dry_run"),
    path("imports/<int:pk>/replace/", views.replace, name="replace"),
    path("imports/<int:pk>/problems/", views.errors, name="errors"),
    path("imports/<int:pk>/commit/", views.commit, name="commit"),
    path("imports/<int:pk>/discard/", views.discard, name="discard"),
    path("imports/<int:pk>/create-missing/", views.create_missing, name="create_missing"),
    path("template/<slug:kind>/", views.template, name="template"),
    path("export/<slug:kind>/", views.export, name="export"),
]
