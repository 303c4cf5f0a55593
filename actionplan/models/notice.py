"""Emails the reporting cycle sends, and what each person has chosen to receive.

`SentNotice` is the idempotence record of `manage.py send_reminders`: one row per recipient, day
and kind, claimed before the email is sent and marked after (`actionplan.services.notices`).
Deliberately not versioned with simple-history: it is a job record (claimed, sent, failed) like
`PaperRender`, and it is itself the log of what was sent to whom and when.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class SentNotice(models.Model):
    class Kind(models.TextChoices):
        DAILY = "daily", "Daily reminders and digest"

    class State(models.TextChoices):
        CLAIMED = "claimed", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (retried on the next run)"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notices")
    day = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.CLAIMED)
    email = models.EmailField()
    subject = models.CharField(max_length=300)
    # What the email said, in one line ("3 returns due, 2 overdue actions"), for the record.
    summary = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=1)
    claimed_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-day", "recipient_id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day", "kind"], name="one_notice_per_recipient_day_kind")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.email} for {self.day} ({self.get_state_display()})"


class NoticePreference(models.Model):
    """What a person has turned off. Update requests for returns they owe, and escalations sent to
    plan managers and directors (about them or to them), are not optional and have no switch."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preference")
    actions_digest = models.BooleanField(
        "my actions: due today, due in the next 7 days and overdue", default=True
    )
    plan_digest = models.BooleanField(
        "plan managers: returns outstanding by lead, and who cannot be reminded", default=True
    )
    history = HistoricalRecords()

    def __str__(self):
        return f"Email choices of {self.user}"
