"""Access decisions for organizations: merging chambers is for superusers only."""

POST = {
    # Only the operator merges; an empty form is shown again with its errors.
    "organizations:merge": {},
}
