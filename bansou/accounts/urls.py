"""Log in (with the second factor), log out, the account page and the chamber's lockouts."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from bansou.core.permissions import Capability, public, requires

from . import views

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
            views.PasswordChangeView.as_view(
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
    path("verify/", views.verify, name="verify"),
    path("account/", views.account, name="account"),
    path("account/two-step/", views.second_factor_setup, name="second_factor_setup"),
    path("account/two-step/off/", views.second_factor_disable, name="second_factor_disable"),
    path("account/two-step/backup-codes/", views.backup_codes, name="backup_codes"),
    path("lockouts/", views.lockout_list, name="lockouts"),
    path("lockouts/<int:pk>/lift/", views.lockout_lift, name="lockout_lift"),
]
