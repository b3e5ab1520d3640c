"""The project's URLs: one include per app."""

from django.urls import include, path

from bansou.core.admin import site as admin_site

urlpatterns = [
    path("", include("bansou.core.urls")),
    path("accounts/", include("bansou.accounts.urls")),
    path("businesses/", include("bansou.businesses.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin_site.urls),
]
