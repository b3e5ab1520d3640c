"""URLs of the business register."""

from django.urls import path

from . import views

app_name = "businesses"

urlpatterns = [
    path("", views.business_list, name="list"),
    path("export/", views.business_export, name="export"),
    path("saved-searches/", views.saved_filters, name="saved_filters"),
    path("new/", views.business_create, name="create"),
    path("<int:pk>/", views.business_detail, name="detail"),
    path("<int:pk>/edit/", views.business_edit, name="edit"),
    path("<int:pk>/delete/", views.business_delete, name="delete"),
]
