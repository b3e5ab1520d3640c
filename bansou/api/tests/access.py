"""Access decisions for the API and the token page.

The API accepts tokens only, never a browser session: the matrix walks every URL with a
session login, so each API endpoint answers 401 to every persona there (the docs and the
schema are public: they describe the software, not a chamber's data). What a token may do is
TOKEN_MATRIX, walked by bansou/api/tests/test_token_access.py with each persona's own token.
"""

from django.urls import reverse

LOGIN = 302
NO_SESSION = (401, 401, 401, 401, 401, 401)
PUBLIC = (200, 200, 200, 200, 200, 200)

RECORDS = (
    "business",
    "support_record",
    "motivation_check",
    "analysis",
    "business_plan",
    "followup_report",
    "followup_contact",
)
LISTS = (
    "businesses",
    "support_records",
    "motivation_checks",
    "analyses",
    "business_plans",
    "followup_reports",
    "followup_contacts",
)
# The path of each list under /api/, the key of data_a's objects (tests/conftest.py).
PATHS = dict(
    zip(
        RECORDS,
        (
            "businesses",
            "support-records",
            "motivation-checks",
            "analyses",
            "business-plans",
            "followup-reports",
            "followup-contacts",
        ),
        strict=True,
    )
)

MATRIX = {
    "api:tokens": (LOGIN, 200, 200, 200, 200, 200),
    "api:revoke_token": (LOGIN, 405, 405, 405, 405, 405),
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:api-root": (404, 404, 404, 404, 404, 404),
    "api:plans": NO_SESSION,
    "api:evaluation": NO_SESSION,
    **{f"api:{name}": NO_SESSION for name in RECORDS + LISTS},
}
POST_MATRIX = {
    # An empty form is shown again with its errors; nothing is written.
    "api:tokens": (LOGIN, 200, 200, 200, 200, 200),
    # Only the token's own user revokes it (advisor_a's token here).
    "api:revoke_token": (LOGIN, 302, 404, 404, 404, 404),
    "api:support_records": NO_SESSION,
}

# With each persona's own token (anonymous: no Authorization header).
RECORD_READ = (401, 200, 403, 200, 200, 404)
LIST_READ = (401, 200, 403, 200, 200, 200)
TOKEN_MATRIX = {
    **{f"api:{name}": RECORD_READ for name in RECORDS},
    **{f"api:{name}": LIST_READ for name in LISTS},
    # Plans and grades are aggregates: committee members and experts read them too.
    "api:plans": (401, 200, 200, 200, 200, 200),
    "api:evaluation": (401, 200, 200, 200, 200, 404),
}


def _objects(request) -> dict:
    """data_a's records and the plan, made once per test (urls() is called per persona)."""
    from bansou.evaluation import services
    from bansou.evaluation.tests.access import PLAN_FILE

    from .factories import records_of

    cache = request.node.__dict__.setdefault("api_objects", {})
    if not cache:
        business = request.getfixturevalue("assigned_business")
        cache.update(records_of(business, request.getfixturevalue("advisor_a")))
        chamber = request.getfixturevalue("chamber_a")
        text = PLAN_FILE.read_text(encoding="utf-8")
        cache["plan"] = services.import_definition(chamber, text)
    return cache


def urls(request) -> dict[str, str]:
    from bansou.api.services import create_token

    objects = _objects(request)
    built = {
        f"api:{name}": reverse(f"api:{name}", kwargs={"id": objects[PATHS[name]].pk})
        for name in RECORDS
    }
    plan = {"id": objects["plan"].pk, "fiscal_year": 2024}
    built["api:evaluation"] = reverse("api:evaluation", kwargs=plan)
    # A fresh token per call, so that one persona's revocation leaves the next a target.
    token = create_token(request.getfixturevalue("advisor_a"), name="matrix").token
    built["api:revoke_token"] = reverse("api:revoke_token", kwargs={"pk": token.pk})
    return built
