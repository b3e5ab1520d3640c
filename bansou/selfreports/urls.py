"""URLs of report links: the owner's (by token, public) and the staff's."""

from django.urls import path

from . import views

app_name = "selfreports"

urlpatterns = [
    path("", views.link_list, name="list"),
    path("plan/<int:plan_pk>/issue/", views.link_issue, name="issue"),
    path("<int:pk>/confirm/", views.link_confirm, name="confirm"),
    path("r/<str:token>/", views.report_form, name="form"),
    path("r/<str:token>/sent/", views.report_sent, name="sent"),
]
