"""Creating, revoking and checking API tokens; recording what the API handed out."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.audit.services import log_action
from bansou.core.errors import DomainError

from .models import ApiToken
from .tokens import SHOWN_PREFIX_LENGTH, looks_like_token, new_token, token_hash

# last_used_at is written at most this often per token, so that a client polling the API
# does not turn every read into a write of the token row.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_TOKENS_PER_USER = 20


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    secret: str  # shown once, never stored


@transaction.atomic
def create_token(user, *, name: str, expires_at: datetime | None = None) -> CreatedToken:
    if user.organization_id is None:
        raise DomainError(_("Only members of a chamber can create API tokens."))
    if expires_at is not None and expires_at <= timezone.now():
        raise DomainError(_("The expiry date must be in the future."), code="expires_at")
    if ApiToken.objects.of_user(user).usable().count() >= MAX_TOKENS_PER_USER:
        raise DomainError(
            _("You already have %(count)s valid tokens; revoke one you no longer use.")
            % {"count": MAX_TOKENS_PER_USER},
            code="too_many",
        )
    secret = new_token()
    token = ApiToken.objects.create(
        organization_id=user.organization_id,
        user=user,
        name=name,
        token_hash=token_hash(secret),
        prefix=secret[:SHOWN_PREFIX_LENGTH],
        expires_at=expires_at,
    )
    changes = {
        "name": {"label": _("name"), "old": None, "new": name},
        "expires_at": {
            "label": _("expires at"),
            "old": None,
            "new": timezone.localtime(expires_at).isoformat() if expires_at else None,
        },
    }
    log_action(token, "api.token.created", user, changes)
    return CreatedToken(token=token, secret=secret)


@transaction.atomic
def revoke_token(token: ApiToken, *, actor) -> ApiToken:
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    changes = {
        "revoked_at": {
            "label": _("revoked at"),
            "old": None,
            "new": timezone.localtime(token.revoked_at).isoformat(),
        }
    }
    log_action(token, "api.token.revoked", actor, changes)
    return token


def authenticate(secret: str) -> ApiToken | None:
    """The usable token with this secret, its user loaded; None for anything else."""
    if not looks_like_token(secret):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.usable(now)
        .select_related("user", "user__organization")
        .filter(token_hash=token_hash(secret), user__is_active=True)
        .first()
    )
    if token is None or token.user.organization_id != token.organization_id:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def log_read(token: ApiToken, resource: str, rows: int, query: dict) -> None:
    """Record who read which personal data through the API and how many rows, like a download.

    The entry's object is the token used (a read touches no single record); `query` holds the
    filters and cursor as sent, so that the rows read can be told later."""
    changes = {
        "resource": {"label": _("resource"), "old": None, "new": resource},
        "rows": {"label": _("rows"), "old": None, "new": rows},
        "query": {"label": _("conditions"), "old": None, "new": query},
    }
    log_action(token, "api.records.read", token.user, changes)
