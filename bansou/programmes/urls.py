"""URLs of programmes (支援事業)."""

from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="create"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/edit/", views.programme_edit, name="edit"),
    path("<int:pk>/participants/add/", views.participation_add, name="participation_add"),
    path("participations/<int:pk>/", views.participation_detail, name="participation"),
    path("participations/<int:pk>/edit/", views.participation_edit, name="participation_edit"),
    path(
        "participations/<int:pk>/delete/", views.participation_delete, name="participation_delete"
    ),
    path("participations/<int:pk>/deals/add/", views.deal_add, name="deal_add"),
    path("participations/<int:pk>/partners/add/", views.partner_add, name="partner_add"),
    path("deals/<int:pk>/delete/", views.deal_delete, name="deal_delete"),
    path("partners/<int:pk>/delete/", views.partner_delete, name="partner_delete"),
    path("sales/<int:business>/", views.monthly_sales, name="sales"),
]
