"""URLs of the meeting register, publications, staff development and the support guide."""

from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/delete/", views.meeting_delete, name="delete"),
    path("<int:pk>/reviews/add/", views.review_add, name="review_add"),
    path("<int:pk>/files/add/", views.file_add, name="file_add"),
    path("files/<int:pk>/", views.file_download, name="file_download"),
    path("publications/", views.publication_list, name="publications"),
    path("publications/new/", views.publication_create, name="publication_create"),
    path("publications/<int:pk>/edit/", views.publication_edit, name="publication_edit"),
    path("staff/", views.staffdev, name="staffdev"),
    path("staff/conferences/new/", views.conference_create, name="conference_create"),
    path("staff/conferences/<int:pk>/", views.conference_detail, name="conference_detail"),
    path("staff/conferences/<int:pk>/edit/", views.conference_edit, name="conference_edit"),
    path("staff/trainings/new/", views.training_create, name="training_create"),
    path("staff/trainings/<int:pk>/edit/", views.training_edit, name="training_edit"),
    path("staff/ojt/new/", views.ojt_create, name="ojt_create"),
    path("guide/", views.guide_index, name="guide"),
    path("guide/<slug:theme>/", views.guide_page, name="guide_page"),
    path("guide/<slug:theme>/edit/", views.guide_edit, name="guide_edit"),
]
