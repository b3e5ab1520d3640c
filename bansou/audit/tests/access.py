"""Access decisions for the audit log: the chamber's administrator only."""

LOGIN = 302

MATRIX = {
    "audit:list": (LOGIN, 403, 403, 403, 200, 403),
    "audit:export": (LOGIN, 403, 403, 403, 200, 403),
}
POST_MATRIX = {
    "audit:list": (LOGIN, 403, 403, 403, 405, 403),
    "audit:export": (LOGIN, 403, 403, 403, 405, 403),
}
