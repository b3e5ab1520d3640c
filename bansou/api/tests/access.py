"""Access decisions for the API and the token page.

The API accepts tokens only, never a browser session: the matrix walks every URL with a
session login, so each API endpoint answers 401 to every persona there (the docs and the
schema are public: they describe the software, not a chamber's data). What a token may do is
TOKEN_MATRIX, walked by bansou/api/tests/test_token_access.py with each persona's own token.
"""

from django.urls import reverse

from bansou.testing import BUSINESS_OBJECT, CHAMBER_OBJECT

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
# The path of each list under /api/, the key of data_a's objects (tests/factories.py).
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
ENDPOINTS = (*RECORDS, *LISTS, "plans", "evaluation")
SESSION_PERSONAS = (
    "anonymous",
    "advisor_a",
    "lead_advisor_a",
    "coordinator_a",
    "staff_a",
    "expert_a",
    "other_expert_a",
    "committee_a",
    "admin_a",
    "vendor_a",
    "advisor_b",
    "operator",
)
# A browser session is no API credential: 401 for every persona, whatever the table says.
NO_SESSION = dict.fromkeys(SESSION_PERSONAS, 401)

OBJECTS = {
    **{f"api:{name}": BUSINESS_OBJECT for name in RECORDS},
    "api:evaluation": CHAMBER_OBJECT,
}
POST_ONLY = {"api:revoke_token"}
GET = {
    **{f"api:{name}": NO_SESSION for name in ENDPOINTS},
    # django-ninja's root answers nothing.
    "api:api-root": dict.fromkeys(SESSION_PERSONAS, 404),
}
POST = {
    # An empty form is shown again with its errors; nothing is written.
    "api:tokens": {},
    # Only the token's own user (advisor_a) revokes it; anyone else's try is 404.
    "api:revoke_token": {
        persona: 404
        for persona in SESSION_PERSONAS
        if persona not in ("anonymous", "advisor_a", "operator")
    },
    "api:support_records": NO_SESSION,
}

# With each persona's own token (anonymous: no Authorization header), walked by
# test_token_access.py: (anonymous, advisor_a, committee_a, expert_a, admin_a, advisor_b).
TOKEN_PERSONAS = ("anonymous", "advisor_a", "committee_a", "expert_a", "admin_a", "advisor_b")
RECORD_READ = (401, 200, 403, 200, 200, 404)
LIST_READ = (401, 200, 403, 200, 200, 200)
TOKEN_MATRIX = {
    **{f"api:{name}": RECORD_READ for name in RECORDS},
    **{f"api:{name}": LIST_READ for name in LISTS},
    # Plans and grades are chamber-wide aggregates: committee members read them, experts
    # (outsiders dispatched to single businesses) do not (core.permissions EVALUATION_READ).
    "api:plans": (401, 200, 200, 403, 200, 200),
    "api:evaluation": (401, 200, 200, 403, 200, 404),
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
