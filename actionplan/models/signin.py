"""Requests for a password-reset link, which `services/reset_limits.py` counts per email address typed and
per client address. A row is kept only for the limit's window (JARTRACKER_RESET_LIMIT_MINUTES) and is not
versioned: like `SentNotice`, it is a record of requests, not a fact about the plan."""

from django.db import models


class PasswordResetRequest(models.Model):
    requested_at = models.DateTimeField(db_index=True)
    # A keyed hash of the email address as typed (lower-cased): strangers' typing is counted, not kept.
    email_digest = models.CharField(max_length=64, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self):
        return f"Password reset link asked for at {self.requested_at:%Y-%m-%d %H:%M} from {self.address or 'unknown'}"
