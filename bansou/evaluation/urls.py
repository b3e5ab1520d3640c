"""URLs of evaluation."""

from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_definition, name="import_definition"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/export/", views.export_definition, name="export_definition"),
    path("plans/<int:pk>/<int:fiscal_year>/", views.result, name="result"),
    path(
        "plans/<int:pk>/<int:fiscal_year>/rows/<slug:key>/",
        views.drilldown_view,
        name="drilldown",
    ),
    path(
        "plans/<int:pk>/<int:fiscal_year>/rows/<slug:key>/export/",
        views.drilldown_export,
        name="drilldown_export",
    ),
    path(
        "plans/<int:pk>/<int:fiscal_year>/rows/<slug:key>/manual/",
        views.manual_actual,
        name="manual_actual",
    ),
    path(
        "plans/<int:pk>/<int:fiscal_year>/rows/<slug:key>/opening/",
        views.opening_figure,
        name="opening_figure",
    ),
]
