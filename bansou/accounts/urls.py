"""Log in, log out and password change."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from bansou.core.permissions import Capability, public, requires

from .views import PasswordChangeView

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        public(
            auth_views.LoginView.as_view(
                template_name="accounts/login.html", redirect_authenticated_user=True
            )
        ),
        name="login",
    ),
    path("logout/", public(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "password/",
        requires(Capability.OWN_ACCOUNT)(
            PasswordChangeView.as_view(
                template_name="accounts/password_change.html",
                success_url=reverse_lazy("accounts:password_change_done"),
            )
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        requires(Capability.OWN_ACCOUNT)(
            auth_views.PasswordChangeDoneView.as_view(
                template_name="accounts/password_change_done.html"
            )
        ),
        name="password_change_done",
    ),
]
