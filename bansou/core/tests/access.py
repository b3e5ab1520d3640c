"""Access decisions for core, accounts, the admin site and Django's language switch."""

LOGIN = 302

MATRIX = {
    "core:home": (LOGIN, 200, 200, 200, 200, 200),
    "core:healthz": (200, 200, 200, 200, 200, 200),
    "core:favicon": (302, 302, 302, 302, 302, 302),
    "accounts:login": (200, 302, 302, 302, 302, 302),
    "accounts:logout": (405, 405, 405, 405, 405, 405),
    "accounts:password_change": (LOGIN, 200, 200, 200, 200, 200),
    "accounts:password_change_done": (LOGIN, 200, 200, 200, 200, 200),
    "set_language": (302, 302, 302, 302, 302, 302),
    # The admin site decides for its whole namespace through BansouAdminSite.has_permission.
    "admin:index": (302, 302, 302, 302, 200, 302),
}
