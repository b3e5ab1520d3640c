"""URLs of Team KawaBiz: partners, referrals, experts and expert dispatch."""

from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.board_view, name="board"),
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/new/", views.partner_create, name="partner_create"),
    path("partners/counts/", views.partner_counts, name="counts"),
    path("partners/<int:pk>/", views.partner_detail, name="partner_detail"),
    path("partners/<int:pk>/edit/", views.partner_edit, name="partner_edit"),
    path("partners/<int:pk>/contacts/add/", views.contact_add, name="contact_add"),
    path("experts/", views.expert_list, name="expert_list"),
    path("experts/new/", views.expert_create, name="expert_create"),
    path("experts/<int:pk>/edit/", views.expert_edit, name="expert_edit"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/new/", views.referral_create, name="referral_create"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/accept/", views.referral_accept, name="referral_accept"),
    path("referrals/<int:pk>/decline/", views.referral_decline, name="referral_decline"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/close/", views.case_close, name="case_close"),
    path("cases/<int:pk>/visits/new/", views.visit_book, name="visit_book"),
    path("visits/<int:pk>/edit/", views.visit_edit, name="visit_edit"),
    path("visits/<int:pk>/cancel/", views.visit_cancel, name="visit_cancel"),
    path("visits/<int:pk>/file/", views.visit_file, name="visit_file"),
]
