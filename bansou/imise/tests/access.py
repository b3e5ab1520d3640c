"""Access decisions for the i-mise award: case staff read the seasons, the fraud report and
the judging; plan keepers choose finalists and confirm winners; a judge with an account enters
their own sheet (plan keepers type outside judges'). The vote pages are public."""

from django.urls import reverse

from bansou.imise.models import Judge
from bansou.testing import CHAMBER_OBJECT

from .factories import make_season

OBJECTS = {
    "imise:season": CHAMBER_OBJECT,
    "imise:fraud": CHAMBER_OBJECT,
    "imise:judging": CHAMBER_OBJECT,
    "imise:finalists": CHAMBER_OBJECT,
    "imise:confirm": CHAMBER_OBJECT,
    "imise:scores": CHAMBER_OBJECT,
}

POST_ONLY = {"imise:finalists", "imise:confirm", "vote:cast"}

POST = {
    # Refused while voting is open (a message, nothing written): answered by a redirect.
    "imise:finalists": {},
    "imise:confirm": {},
    # Each persona is a new device; the season's address limit is raised for the test client.
    "vote:cast": {},
}

GET = {
    # The sheet is the advisor's own (the judge's account); other staff without the plan
    # keepers' right may not open it.
    "imise:scores": {"coordinator_a": 403, "staff_a": 403},
}


def urls(request) -> dict[str, str]:
    chamber = request.getfixturevalue("chamber_a")
    advisor = request.getfixturevalue("advisor_a")
    season = make_season(chamber, advisor, stores=1)
    season.address_daily_limit = 1000
    season.save()
    store = season.candidates.get()
    judge = Judge.objects.create(organization=chamber, season=season, name="審査", user=advisor)
    pk = {"pk": season.pk}
    return {
        "imise:season": reverse("imise:season", kwargs=pk),
        "imise:fraud": reverse("imise:fraud", kwargs=pk),
        "imise:judging": reverse("imise:judging", kwargs=pk),
        "imise:finalists": reverse("imise:finalists", kwargs=pk),
        "imise:confirm": reverse("imise:confirm", kwargs=pk),
        "imise:scores": reverse("imise:scores", kwargs={"pk": judge.pk}),
        "vote:index": reverse("vote:index", args=[chamber.slug]),
        "vote:store": reverse("vote:store", args=[chamber.slug, store.pk]),
        "vote:cast": reverse("vote:cast", args=[chamber.slug, store.pk]),
    }
