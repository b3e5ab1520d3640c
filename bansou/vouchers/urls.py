"""URLs of the e-voucher usage data (電子商品券)."""

from django.urls import path

from . import views

app_name = "vouchers"

urlpatterns = [
    path("", views.store_list, name="stores"),
    path("stores/<int:pk>/", views.store_report, name="store"),
    path("stores/<int:pk>/pdf/", views.store_pdf, name="store_pdf"),
    path("stores/<int:pk>/handovers/add/", views.feedback_add, name="feedback_add"),
    path("handovers/<int:pk>/delete/", views.feedback_delete, name="feedback_delete"),
]
