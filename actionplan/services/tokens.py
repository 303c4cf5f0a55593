"""Making, finding and revoking personal access tokens (models/token.py)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actionplan.models import ApiToken
from actionplan.models.token import NAME_MAX
from jartracker.db.reads import reading_only

SECRET_PREFIX = "jt_"  # so a secret pasted somewhere it should not be is recognisable as ours
PREFIX_SHOWN = 10  # "jt_" and the first 7 random characters: enough to tell tokens apart, useless to an attacker
# "Last used" is written at most once in this window, and only by calls that write anyway: a read request
# may not write (jartracker/db/reads.py: its transaction does not hold SQLite's write lock).
LAST_USED_EVERY = timedelta(minutes=5)


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@transaction.atomic
def token_create(*, user, name: str, expires_on: date | None) -> tuple[ApiToken, str]:
    """A new token and its secret (the only time the secret exists outside the caller's hands)."""
    name = name.strip()
    errors = {}
    if not name:
        errors["name"] = "Enter a name for the token"
    elif len(name) > NAME_MAX:
        errors["name"] = f"Name must be {NAME_MAX} characters or fewer"
    elif ApiToken.objects.filter(user=user, name=name).exists():
        errors["name"] = "You already have a token with that name"
    if expires_on is not None and expires_on < timezone.localdate():
        errors["expires_on"] = "Expiry date must be today or in the future"
    if errors:
        raise ValidationError(errors)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=token_digest(secret), prefix=secret[:PREFIX_SHOWN], expires_on=expires_on
    )
    return token, secret


def token_revoke(*, user, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens (someone else's is not found); revoking twice changes nothing."""
    token = ApiToken.objects.get(pk=token_id, user=user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_for_secret(secret: str) -> ApiToken | None:
    """The usable token with this secret, its owner loaded; None for unknown, revoked or expired."""
    token = ApiToken.objects.select_related("user").filter(key_hash=token_digest(secret)).first()
    if token is None or not token.is_usable() or not token.user.is_active:
        return None
    now = timezone.now()
    if reading_only():
        return token
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # not versioned: no history to keep
        token.last_used_at = now
    return token
