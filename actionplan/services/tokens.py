"""Making, finding and revoking personal access tokens (models/token.py)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from actionplan.history import save_recorded
from actionplan.models import ApiToken
from actionplan.models.token import NAME_MAX
from jartracker.db.reads import writes_allowed

SECRET_PREFIX = "jt_"  # so a secret pasted somewhere it should not be is recognisable as ours
PREFIX_SHOWN = 10  # "jt_" and the first 7 random characters: enough to tell tokens apart, useless to an attacker
# "Last used" is written at most once a minute, by reads as well as writes: a busy dashboard feed costs one
# small write a minute, not one a call (the history keeps changes to the token, not its use).
LAST_USED_EVERY = timedelta(minutes=1)


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
    token = ApiToken(
        user=user, name=name, key_hash=token_digest(secret), prefix=secret[:PREFIX_SHOWN], expires_on=expires_on
    )
    save_recorded(token, reason="API token made", user=user)
    return token, secret


@transaction.atomic
def token_revoke(*, user, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens (someone else's is not found); revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token_id, user=user)  # no use stamp lost meanwhile
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        save_recorded(token, reason="API token revoked", user=user)
    return token


def token_for_secret(secret: str) -> ApiToken | None:
    """The usable token with this secret, its owner loaded; None for unknown, revoked or expired.
    Its use is stamped (api/base.py calls this before the request's own transaction begins)."""
    token = ApiToken.objects.select_related("user").filter(key_hash=token_digest(secret)).first()
    if token is None or not token.is_usable() or not token.user.is_active:
        return None
    token_stamp_use(token)
    return token


def token_stamp_use(token: ApiToken) -> None:
    """Record that the token is in use: its last use and one more minute of use, at most once a minute.
    The update names the stamp it read, so two workers answering the same minute's calls count it once."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_EVERY:
        return
    with writes_allowed():  # reads are stamped too: in a short transaction of its own
        stamped = ApiToken.objects.filter(pk=token.pk, last_used_at=token.last_used_at).update(
            last_used_at=now, minutes_used=F("minutes_used") + 1
        )
    if stamped:
        token.last_used_at = now
