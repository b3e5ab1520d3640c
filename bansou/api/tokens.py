"""Making and recognising token strings (pure functions, no database)."""

import hashlib
import secrets

# Recognisable in a leaked configuration file or a secret scanner's report.
TOKEN_PREFIX = "bansou_"
SHOWN_PREFIX_LENGTH = 12
# "bansou_" + 43 characters of URL-safe base64 (32 random bytes).
MAX_TOKEN_LENGTH = 100


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def looks_like_token(token: str) -> bool:
    """Cheap check before the lookup: the right beginning, a sane length, printable ASCII."""
    return (
        token.startswith(TOKEN_PREFIX)
        and len(token) <= MAX_TOKEN_LENGTH
        and token.isascii()
        and token.isprintable()
    )
