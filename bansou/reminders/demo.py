"""The demo's reminders: e-mail addresses (example.jp, never a real one) on the demo users and on
some businesses, and each advisor's choice for the daily digest, so that `bansou remind --org
kawaguchi --dry-run` prints what each would receive and the letters page has both kinds of
letter (e-mail for a business with an address on file, print for the others).

One advisor has no address (the digest says so) and one chose no reminders. Deterministic.
"""

from __future__ import annotations

import random

from bansou.accounts.models import User
from bansou.business_plans.models import BusinessPlan
from bansou.businesses.models import Business

from .models import DigestChannel, ReminderSetting

NO_EMAIL_USER = "kawaguchi-advisor-15"  # the digest explains why nothing is sent
NO_DIGEST_USER = "kawaguchi-advisor-14"  # chose 「受け取らない」 on アカウント設定
DIGEST_BY_EMAIL = ("kawaguchi-advisor", "kawaguchi-lead")  # chose it explicitly
PLAN_BUSINESS_SHARE = 0.4  # businesses with a plan that gave the chamber an address
OTHER_BUSINESS_SHARE = 0.05


def user_email(username: str) -> str:
    return f"{username}@example.jp"


def business_email(business: Business) -> str:
    # The phone's last four digits are unique in the demo register (048-000-xxxx).
    return f"office{business.phone[-4:]}@example.jp"


def load_reminders_demo(organization, *, seed: int) -> None:
    users = list(User.objects.filter(organization=organization).order_by("username"))
    for user in users:
        user.email = "" if user.username == NO_EMAIL_USER else user_email(user.username)
    User.objects.bulk_update(users, ["email"])
    choices = {name: DigestChannel.EMAIL for name in DIGEST_BY_EMAIL}
    choices[NO_DIGEST_USER] = DigestChannel.NONE
    ReminderSetting.objects.bulk_create(
        ReminderSetting(organization=organization, user=user, digest=choices[user.username])
        for user in users
        if user.username in choices
    )

    rng = random.Random(seed)
    with_plan = set(
        BusinessPlan.objects.filter(organization=organization).values_list("business_id", flat=True)
    )
    chosen = []
    for business in (
        Business.objects.filter(organization=organization)
        .only("pk", "phone")
        .order_by("phone", "pk")
    ):
        share = PLAN_BUSINESS_SHARE if business.pk in with_plan else OTHER_BUSINESS_SHARE
        if business.phone and rng.random() < share:
            business.email = business_email(business)
            chosen.append(business)
    Business.objects.bulk_update(chosen, ["email"], batch_size=2000)
