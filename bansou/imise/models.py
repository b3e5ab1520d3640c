"""The i-mise award (川口i-mise大賞): a season per fiscal year, its candidate stores, the
citizens' votes, the judges' scores and the winners.

A season belongs to the chamber's i-mise programme (bansou/programmes, kind imise_award). Each
candidate store points at the store's programme Participation (status candidate, or winner once
the staff confirm it): the evaluation row i-mise大賞受賞事業所数 keeps counting the
participations, never a typed total and never a second list of winners.

A vote is one row (store, day, hashed device, hashed address, time). The unique constraint on
(store, day, device) is the one-vote-a-day rule: the vote is a single INSERT and a second one
for the same store the same day fails on the constraint. No raw address or device id is kept.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bansou.core.versioning import VersionedModel
from bansou.organizations.models import TenantModel
from bansou.programmes.models import Participation, Programme

MAX_POINTS = 10


class StoreCategory(models.TextChoices):
    FOOD = "food", pgettext_lazy("store category", "Restaurants and cafés")
    RETAIL = "retail", pgettext_lazy("store category", "Retail")
    SERVICE = "service", pgettext_lazy("store category", "Services")
    BEAUTY = "beauty", pgettext_lazy("store category", "Beauty and health")
    OTHER = "other", pgettext_lazy("store category", "Other stores")


class Criterion(models.TextChoices):
    """What the judges score, each 1–10 points (the season's judging sheet)."""

    PRODUCT = "product", _("Appeal of the goods and services")
    HOSPITALITY = "hospitality", _("Hospitality")
    ORIGINALITY = "originality", _("Originality and care")
    COMMUNITY = "community", _("Contribution to the community")


class Season(VersionedModel, TenantModel):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="+", verbose_name=_("programme")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    name = models.CharField(_("season name"), max_length=200)
    votes_open = models.DateTimeField(_("voting opens"))
    votes_close = models.DateTimeField(_("voting closes"))
    finalist_count = models.PositiveSmallIntegerField(_("number of finalists"), default=30)
    winner_count = models.PositiveSmallIntegerField(_("number of winners"), default=12)
    # The ranking: vote_weight % from the votes, the rest from the judges' scores.
    vote_weight = models.PositiveSmallIntegerField(
        _("weight of the votes (%)"), default=30, validators=[MaxValueValidator(100)]
    )
    # Votes one address may cast for one store a day (a household or an office shares one).
    address_daily_limit = models.PositiveSmallIntegerField(
        _("votes per address per store a day"), default=5, validators=[MinValueValidator(1)]
    )
    confirmed_at = models.DateTimeField(_("winners confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("winners confirmed by"),
    )

    class Meta:
        verbose_name = _("i-mise season")
        verbose_name_plural = _("i-mise seasons")
        ordering = ["-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "fiscal_year"], name="imise_season_one_a_year"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.votes_open <= now < self.votes_close


class Candidate(TenantModel):
    """A candidate store of a season: the store's participation in the i-mise programme."""

    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("season")
    )
    participation = models.OneToOneField(
        Participation,
        on_delete=models.PROTECT,
        related_name="imise_candidate",
        verbose_name=_("programme participation"),
    )
    name = models.CharField(_("store name"), max_length=200)
    name_kana = models.CharField(_("store name (kana)"), max_length=200, blank=True)
    category = models.CharField(_("store category"), max_length=20, choices=StoreCategory.choices)
    area = models.CharField(_("area"), max_length=60, blank=True)
    appeal = models.TextField(_("the store's appeal"), blank=True)
    is_finalist = models.BooleanField(_("finalist"), default=False)

    class Meta:
        verbose_name = _("candidate store")
        verbose_name_plural = _("candidate stores")
        ordering = ["name_kana", "pk"]
        indexes = [
            models.Index(fields=["season", "category"], name="imise_cand_cat_idx"),
            models.Index(fields=["season", "name_kana"], name="imise_cand_kana_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Vote(TenantModel):
    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="+", verbose_name=_("season")
    )
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="votes", verbose_name=_("candidate store")
    )
    day = models.DateField(_("voting day"))
    device_hash = models.CharField(_("device (hashed)"), max_length=64)
    address_hash = models.CharField(_("address (hashed)"), max_length=64)
    created_at = models.DateTimeField(_("voted at"), default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "day", "device_hash"], name="imise_vote_once_a_day"
            ),
        ]
        indexes = [
            models.Index(fields=["candidate", "day", "address_hash"], name="imise_vote_addr_idx"),
            models.Index(fields=["season", "created_at"], name="imise_vote_time_idx"),
            models.Index(fields=["season", "device_hash"], name="imise_vote_device_idx"),
        ]


class Judge(TenantModel):
    """A judge of a season: a staff member with an account, or a named outside judge whose
    sheet the staff type in."""

    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="judges", verbose_name=_("season")
    )
    name = models.CharField(_("judge's name"), max_length=100)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )

    class Meta:
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["season", "name"], name="imise_judge_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Score(TenantModel):
    judge = models.ForeignKey(
        Judge, on_delete=models.CASCADE, related_name="scores", verbose_name=_("judge")
    )
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("candidate store"),
    )
    criterion = models.CharField(_("criterion"), max_length=20, choices=Criterion.choices)
    points = models.PositiveSmallIntegerField(
        _("points"), validators=[MinValueValidator(1), MaxValueValidator(MAX_POINTS)]
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["judge", "candidate", "criterion"], name="imise_score_unique"
            ),
        ]
