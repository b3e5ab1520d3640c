"""Access decisions for core, accounts, the admin site and Django's language switch."""

from django.urls import reverse

LOGIN = 302

MATRIX = {
    "core:home": (LOGIN, 200, 200, 200, 200, 200),
    "core:healthz": (200, 200, 200, 200, 200, 200),
    "core:favicon": (302, 302, 302, 302, 302, 302),
    "accounts:login": (200, 302, 302, 302, 302, 302),
    "accounts:logout": (405, 405, 405, 405, 405, 405),
    "accounts:password_change": (LOGIN, 200, 200, 200, 200, 200),
    "accounts:password_change_done": (LOGIN, 200, 200, 200, 200, 200),
    "accounts:account": (LOGIN, 200, 200, 200, 200, 200),
    # Only a session that owes its code sees the form; everyone else goes on to the home page.
    "accounts:verify": (LOGIN, 302, 302, 302, 302, 302),
    "accounts:second_factor_setup": (LOGIN, 200, 200, 200, 200, 200),
    "accounts:second_factor_disable": (LOGIN, 405, 405, 405, 405, 405),
    "accounts:backup_codes": (LOGIN, 405, 405, 405, 405, 405),
    # A chamber's administrator sees and lifts the lockouts of the chamber's own users.
    "accounts:lockouts": (LOGIN, 403, 403, 403, 200, 403),
    "accounts:lockout_lift": (LOGIN, 403, 403, 403, 405, 403),
    "set_language": (302, 302, 302, 302, 302, 302),
    # The admin site decides for its whole namespace through BansouAdminSite.has_permission.
    "admin:index": (302, 302, 302, 302, 200, 302),
}
POST_MATRIX = {
    # Without a code the form is refused with a message on the account page.
    "accounts:second_factor_disable": (LOGIN, 302, 302, 302, 302, 302),
    "accounts:backup_codes": (LOGIN, 302, 302, 302, 302, 302),
    "accounts:lockout_lift": (LOGIN, 403, 403, 403, 302, 403),
}


def urls(request) -> dict:
    advisor = request.getfixturevalue("advisor_a")
    return {"accounts:lockout_lift": reverse("accounts:lockout_lift", args=[advisor.pk])}
