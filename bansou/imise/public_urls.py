"""Public URLs of the i-mise vote (/vote/<chamber>/), no sign-in."""

from django.urls import path

from . import public

app_name = "vote"

urlpatterns = [
    path("<slug:org>/", public.vote_index, name="index"),
    # The store id is a string: a forged value gets the vote's own polite refusal, not a 404.
    path("<slug:org>/stores/<str:pk>/", public.vote_store, name="store"),
    path("<slug:org>/stores/<str:pk>/vote/", public.vote_cast, name="cast"),
]
