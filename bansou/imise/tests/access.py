"""Access decisions for the i-mise award: case staff read the seasons, the fraud report and
the judging; plan keepers create and edit seasons, add and remove judges, choose finalists and
confirm winners; a judge with an account enters
their own sheet (plan keepers type outside judges'). The vote pages are public."""

from django.urls import reverse

from bansou.imise.models import Judge, Season
from bansou.testing import CHAMBER_OBJECT

from .factories import make_season

OBJECTS = {
    "imise:season": CHAMBER_OBJECT,
    "imise:fraud": CHAMBER_OBJECT,
    "imise:judging": CHAMBER_OBJECT,
    "imise:finalists": CHAMBER_OBJECT,
    "imise:confirm": CHAMBER_OBJECT,
    "imise:scores": CHAMBER_OBJECT,
    "imise:season_edit": CHAMBER_OBJECT,
    "imise:judges": CHAMBER_OBJECT,
    "imise:judge_remove": CHAMBER_OBJECT,
}

POST_ONLY = {"imise:finalists", "imise:confirm", "imise:vote_cast", "imise:judge_remove"}

POST = {
    # Refused while voting is open (a message, nothing written): answered by a redirect.
    "imise:finalists": {},
    "imise:confirm": {},
    # Each persona is a new device; the season's address limit is raised for the test client.
    "imise:vote_cast": {},
    # Removes the outside judge (made again by urls() for each request): a redirect.
    "imise:judge_remove": {},
}

GET = {
    # The sheet is the advisor's own (the judge's account); other staff without the plan
    # keepers' right may not open it.
    "imise:scores": {"coordinator_a": 403, "staff_a": 403},
}


def urls(request) -> dict[str, str]:
    chamber = request.getfixturevalue("chamber_a")
    advisor = request.getfixturevalue("advisor_a")
    # Called once per request of a test: the objects are made the first time only.
    season = Season.objects.filter(organization=chamber).first()
    if season is None:
        season = make_season(chamber, advisor, stores=1)
        season.address_daily_limit = 1000
        season.save()
        Judge.objects.create(organization=chamber, season=season, name="審査", user=advisor)
    store = season.candidates.get()
    judge = Judge.objects.get(season=season, user=advisor)
    outside, _created = Judge.objects.get_or_create(
        organization=chamber, season=season, name="外部審査員"
    )
    pk = {"pk": season.pk}
    return {
        "imise:season": reverse("imise:season", kwargs=pk),
        "imise:fraud": reverse("imise:fraud", kwargs=pk),
        "imise:judging": reverse("imise:judging", kwargs=pk),
        "imise:finalists": reverse("imise:finalists", kwargs=pk),
        "imise:confirm": reverse("imise:confirm", kwargs=pk),
        "imise:scores": reverse("imise:scores", kwargs={"pk": judge.pk}),
        "imise:season_create": reverse("imise:season_create"),
        "imise:season_edit": reverse("imise:season_edit", kwargs=pk),
        "imise:judges": reverse("imise:judges", kwargs=pk),
        "imise:judge_remove": reverse("imise:judge_remove", kwargs={"pk": outside.pk}),
        "imise:vote": reverse("imise:vote", args=[chamber.slug]),
        "imise:vote_store": reverse("imise:vote_store", args=[chamber.slug, store.pk]),
        "imise:vote_cast": reverse("imise:vote_cast", args=[chamber.slug, store.pk]),
    }
