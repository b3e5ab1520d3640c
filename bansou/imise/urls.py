"""URLs of the i-mise award: the staff's screens under /imise/ and the public vote under
/vote/<chamber>/ (no sign-in; one namespace, so that the access matrix finds both)."""

from django.urls import path

from . import manage, public, views

app_name = "imise"

urlpatterns = [
    path("imise/", views.season_list, name="list"),
    path("imise/winners/", views.winners, name="winners"),
    path("imise/new/", manage.season_create, name="season_create"),
    path("imise/<int:pk>/edit/", manage.season_edit, name="season_edit"),
    path("imise/<int:pk>/judges/", manage.judges, name="judges"),
    path("imise/judges/<int:pk>/remove/", manage.judge_remove, name="judge_remove"),
    path("imise/<int:pk>/", views.season_detail, name="season"),
    path("imise/<int:pk>/fraud/", views.fraud_report, name="fraud"),
    path("imise/<int:pk>/judging/", views.judging, name="judging"),
    path("imise/<int:pk>/finalists/", views.select_finalists, name="finalists"),
    path("imise/<int:pk>/confirm/", views.confirm_winners, name="confirm"),
    path("imise/judges/<int:pk>/scores/", views.score_sheet, name="scores"),
    path("vote/<slug:org>/", public.vote_index, name="vote"),
    # The store id is a string: a forged value gets the vote's own polite refusal.
    path("vote/<slug:org>/stores/<str:pk>/", public.vote_store, name="vote_store"),
    path("vote/<slug:org>/stores/<str:pk>/vote/", public.vote_cast, name="vote_cast"),
]
