"""Staff URLs of the i-mise award (/imise/)."""

from django.urls import path

from . import views

app_name = "imise"

urlpatterns = [
    path("", views.season_list, name="list"),
    path("winners/", views.winners, name="winners"),
    path("<int:pk>/", views.season_detail, name="season"),
    path("<int:pk>/fraud/", views.fraud_report, name="fraud"),
    path("<int:pk>/judging/", views.judging, name="judging"),
    path("<int:pk>/finalists/", views.select_finalists, name="finalists"),
    path("<int:pk>/confirm/", views.confirm_winners, name="confirm"),
    path("judges/<int:pk>/scores/", views.score_sheet, name="scores"),
]
