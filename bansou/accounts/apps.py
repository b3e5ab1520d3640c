"""App configuration for accounts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "bansou.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(start_session, dispatch_uid="bansou.accounts.start_session")


def start_session(sender, request, user, **kwargs) -> None:
    """At every login (the form, the admin's, a test's force_login): start the session's clocks
    and note whether a second factor is still owed, so pages need not query the devices."""
    from . import second_factor, sessions

    sessions.start(request.session)
    state = second_factor.login_state(user)
    if state:
        request.session[second_factor.STATE] = state
    else:
        request.session.pop(second_factor.STATE, None)
