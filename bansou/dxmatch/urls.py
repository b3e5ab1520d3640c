"""URLs of the DX matching: the chamber's pages, then the vendor's."""

from django.urls import path

from . import views

app_name = "dxmatch"

urlpatterns = [
    path("", views.need_list, name="list"),
    path("new/", views.need_create, name="create"),
    path("<int:pk>/", views.need_detail, name="detail"),
    path("<int:pk>/edit/", views.need_edit, name="edit"),
    path("<int:pk>/send/", views.send, name="send"),
    path("<int:pk>/choose/", views.choose, name="choose"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/quality/", views.quality, name="quality"),
    path("<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("proposals/<int:pk>/file/", views.attachment, name="attachment"),
    path("vendors/", views.vendor_list, name="vendors"),
    path("vendors/new/", views.vendor_form, name="vendor_create"),
    path("vendors/<int:pk>/edit/", views.vendor_form, name="vendor_edit"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.inbox_need, name="inbox_need"),
    path("inbox/<int:pk>/proposal/", views.proposal_form, name="proposal"),
    path("inbox/<int:pk>/file/", views.inbox_attachment, name="inbox_attachment"),
]
