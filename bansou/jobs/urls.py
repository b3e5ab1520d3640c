"""URLs of the background jobs."""

from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/file/", views.download, name="download"),
    path("export/<slug:kind>/", views.start_export, name="start_export"),
    path("committee/<int:meeting_pk>/pdf/", views.start_committee_pdf, name="committee_pdf"),
    path("meeting-pack/", views.start_meeting_pack, name="meeting_pack"),
]
