"""Logins, logouts and login failures, from Django's authentication signals.

These are the one place the trail listens to signals: Django's login views raise them and
offer no other hook. A failure for a name that matches a user is the named user's chamber's
event; one for an unknown name belongs to no chamber (organization empty, operator-level)
and keeps the name that was tried.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .context import address_of
from .services import log_action, log_event


def _address(request) -> str | None:
    return address_of(request) if request is not None else None


@receiver(user_logged_in, dispatch_uid="audit_logged_in")
def logged_in(sender, request, user, **kwargs) -> None:
    log_action(user, "accounts.user.logged_in", user, address=_address(request))


@receiver(user_logged_out, dispatch_uid="audit_logged_out")
def logged_out(sender, request, user, **kwargs) -> None:
    if user is not None and user.pk is not None:
        log_action(user, "accounts.user.logged_out", user, address=_address(request))


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def login_failed(sender, credentials, request=None, **kwargs) -> None:
    model = get_user_model()
    name = str(credentials.get(model.USERNAME_FIELD) or credentials.get("username") or "")
    label = str(model._meta.get_field(model.USERNAME_FIELD).verbose_name)
    changes = {"username": {"label": label, "old": None, "new": name[:150]}}
    user = model._default_manager.filter(**{model.USERNAME_FIELD: name}).first() if name else None
    if user is not None:
        log_action(user, "accounts.user.login_failed", None, changes, address=_address(request))
    else:
        log_event(
            "accounts.user.login_failed",
            None,
            organization_id=None,
            target_type=model._meta.label_lower,
            target_repr=name,
            actor_name=name[:150],
            changes=changes,
            address=_address(request),
        )
