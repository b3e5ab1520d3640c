"""URLs of business-conditions surveys."""

from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/pdf/", views.round_pdf, name="round_pdf"),
    path("rounds/<int:pk>/answer/", views.answer, name="answer"),
    path("from-support/<int:pk>/", views.from_support, name="from_support"),
    path("public/<slug:org_slug>/", views.public_list, name="public_list"),
    path("public/<slug:org_slug>/<int:pk>/", views.public_report, name="public_report"),
    path("public/<slug:org_slug>/<int:pk>/pdf/", views.public_pdf, name="public_pdf"),
    path("respond/<str:token>/", views.respond, name="respond"),
]
