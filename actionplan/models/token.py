"""Personal access tokens for the API (actionplan/api): a person's own, named, revocable keys.

Only a SHA-256 digest of the secret is stored, so a copy of the database gives nobody a working
token; the secret is shown once, when the token is made (services/tokens.py).
"""

from __future__ import annotations

from datetime import datetime, time

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

NAME_MAX = 100  # what the owner calls it ("Power BI dashboard"): shown in the history of every write


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=NAME_MAX)
    key_hash = models.CharField(max_length=64, unique=True)  # sha256 hex of the secret; never the secret
    prefix = models.CharField(max_length=12)  # the secret's first characters, so the owner can tell tokens apart
    created_at = models.DateTimeField(default=timezone.now)
    expires_on = models.DateField(null=True, blank=True)  # usable to the end of that day; None: until revoked
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Use of the token, reads as well as writes, kept cheaply (services/tokens.py token_for_secret): stamped
    # at most once a minute, so `minutes_used` counts the minutes in which it made calls, not the calls.
    last_used_at = models.DateTimeField(null=True, blank=True)
    minutes_used = models.PositiveIntegerField(default=0)

    # Made and revoked, with who and why; use is not a change to the token, so it is not versioned.
    history = HistoricalRecords(excluded_fields=["last_used_at", "minutes_used"])

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="api_token_name_unique_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        if self.revoked_at is not None:
            return False
        if self.expires_on is None:
            return True
        # The end of that day in the plan's time zone (as actionplan.asat.end_of_day, which imports models).
        return now <= datetime.combine(self.expires_on, time.max, tzinfo=timezone.get_default_timezone())

    @property
    def state(self) -> str:
        """In words for the owner's page."""
        if self.revoked_at is not None:
            return "Revoked"
        return "Active" if self.is_usable() else "Expired"
