"""The token in a report link: a random nonce signed with SECRET_KEY (django.core.signing).

Decision: a signed nonce rather than a hashed random token, so that the same link can be shown
again on the plan's page and printed on a letter (report_link_for) without storing anything a
database dump could turn into a working link: the row keeps only the nonce, the signature needs
SECRET_KEY. A forged or altered token fails the signature check before any query; a new nonce
revokes the old link; the expiry is kept on the row (ReportLink.expires_at), so staff can renew
a link. Rotating SECRET_KEY invalidates every open link (staff then issue new ones).
"""

import secrets

from django.core import signing

SALT = "bansou.selfreports.link"
NONCE_BYTES = 16  # 22 URL-safe characters


def new_nonce() -> str:
    return secrets.token_urlsafe(NONCE_BYTES)


def token_for(nonce: str) -> str:
    return signing.Signer(salt=SALT).sign(nonce)


def nonce_from(token: str) -> str | None:
    """The nonce of a genuine token; None for anything forged, altered or malformed."""
    if not token or len(token) > 200:
        return None
    try:
        return signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
