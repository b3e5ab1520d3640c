"""URLs of business-conditions surveys."""

from django.urls import path

from . import manage, views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", manage.survey_create, name="create"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/edit/", manage.survey_edit, name="edit"),
    path("<int:pk>/items/new/", manage.item_add, name="item_add"),
    path("<int:pk>/panel/", manage.panel, name="panel"),
    path("items/<int:pk>/", manage.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", manage.item_delete, name="item_delete"),
    path("rounds/<int:pk>/links/", manage.links, name="links"),
    path("rounds/<int:pk>/links.csv", manage.links_csv, name="links_csv"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/pdf/", views.round_pdf, name="round_pdf"),
    path("rounds/<int:pk>/answer/", views.answer, name="answer"),
    path("from-support/<int:pk>/", views.from_support, name="from_support"),
    path("public/<slug:org_slug>/", views.public_list, name="public_list"),
    path("public/<slug:org_slug>/<int:pk>/", views.public_report, name="public_report"),
    path("public/<slug:org_slug>/<int:pk>/pdf/", views.public_pdf, name="public_pdf"),
    path("respond/<str:token>/", views.respond, name="respond"),
]
