"""Access decisions for organizations: merging chambers is for superusers only."""

LOGIN = 302

MATRIX = {
    # A chamber's administrator cannot pull another chamber's records into their own.
    "organizations:merge": (LOGIN, 403, 403, 403, 403, 403),
}
POST_MATRIX = {
    "organizations:merge": (LOGIN, 403, 403, 403, 403, 403),
}
