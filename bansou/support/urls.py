"""URLs of support."""

from django.urls import path

from . import search_views, views

app_name = "support"

urlpatterns = [
    path("", views.record_list, name="list"),
    path("export/", views.record_export, name="export"),
    path("new/", views.record_create, name="create"),
    path("businesses/", views.business_options, name="business_options"),
    path("search/", search_views.knowledge_search_page, name="search"),
    path("search/export/", search_views.knowledge_search_export, name="search_export"),
    path("<int:pk>/", views.record_detail, name="detail"),
    path("<int:pk>/edit/", views.record_edit, name="edit"),
    path("<int:pk>/delete/", views.record_delete, name="delete"),
    path("<int:pk>/next-action-done/", views.next_action_done, name="next_action_done"),
    path("business/<int:business_pk>/timeline/", search_views.timeline, name="timeline"),
]
