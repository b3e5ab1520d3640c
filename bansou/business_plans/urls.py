"""URLs of business plans."""

from django.urls import path

from . import views

app_name = "business_plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("export/", views.plan_export, name="export"),
    path("new/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/complete/", views.plan_complete, name="complete"),
    path("<int:pk>/approve/", views.plan_approve, name="approve"),
    path("<int:pk>/delete/", views.plan_delete, name="delete"),
]
