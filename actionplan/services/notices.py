"""Sending the day's emails exactly once: claim, send, then mark.

Each email is first **claimed**: a `SentNotice` row (recipient, day, kind) is inserted and committed
on its own. The unique constraint on those three makes the insert the lock: a second run, or a
second worker at the same moment, fails to insert (on PostgreSQL its insert waits for the first to
commit, then fails; SQLite's write lock queues it) and skips that email. Only then is the email
sent, outside any transaction, so no database lock is held while the mail server answers; then the
row is **marked** sent. A send that raises marks the row failed, never sent, and the next run
reclaims it (an update that only matches a failed row, so again only one run wins) and tries again.

A run stopped between sending and marking leaves a claimed row: that email is not sent again
(sending twice is the worse mistake), and `send_reminders` lists such rows so someone can check the
mail server's log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from actionplan.models import Plan, SentNotice
from actionplan.selectors.notices import Notice, compose
from actionplan.selectors.reminders import plan_facts


@dataclass
class RunReport:
    day: date
    notices: list[Notice]
    sent: list[Notice] = field(default_factory=list)
    already: list[Notice] = field(default_factory=list)
    failed: list[tuple[Notice, str]] = field(default_factory=list)
    unreachable: list[Notice] = field(default_factory=list)
    unfinished: list[SentNotice] = field(default_factory=list)


def day_notices(day: date, plans=None) -> list[Notice]:
    """The emails due on `day` for the given plans (default: every active plan begun by then)."""
    if plans is None:
        plans = Plan.objects.filter(status=Plan.State.ACTIVE)
    chosen = [p for p in plans if p.started_on <= day]
    return compose([plan_facts(plan, day) for plan in chosen], day)


def render_notice(notice: Notice) -> tuple[str, str]:
    """The plain text and HTML bodies (templates/email/reminders.txt and .html)."""
    context = {"notice": notice, "council_name": settings.COUNCIL_NAME, "service_name": settings.SERVICE_NAME,
               "site_url": settings.SITE_URL.rstrip("/"), "many_plans": len(notice.plans) > 1}
    return (render_to_string("email/reminders.txt", context), render_to_string("email/reminders.html", context))


def message_for(notice: Notice, connection=None) -> EmailMultiAlternatives:
    text, html = render_notice(notice)
    message = EmailMultiAlternatives(notice.subject, text, settings.DEFAULT_FROM_EMAIL, [notice.recipient.email],
                                     connection=connection)
    message.attach_alternative(html, "text/html")
    return message


def claim(notice: Notice, kind: str = SentNotice.Kind.DAILY) -> SentNotice | None:
    """Insert the notice's row (committed at once), or take over a failed one; None when another run
    has it (claimed or sent)."""
    assert notice.recipient.user_id is not None
    key = {"recipient_id": notice.recipient.user_id, "day": notice.day, "kind": kind}
    fields = {"email": notice.recipient.email, "subject": notice.subject[:300], "summary": notice.summary[:500]}
    now = timezone.now()
    try:
        with transaction.atomic():
            return SentNotice.objects.create(**key, **fields, state=SentNotice.State.CLAIMED, claimed_at=now)
    except IntegrityError:
        pass
    with transaction.atomic():
        taken = SentNotice.objects.filter(**key, state=SentNotice.State.FAILED).update(
            state=SentNotice.State.CLAIMED, claimed_at=now, attempts=F("attempts") + 1, error="", **fields)
    return SentNotice.objects.get(**key) if taken else None


def _mark(row: SentNotice, state: str, **fields) -> None:
    with transaction.atomic():
        SentNotice.objects.filter(pk=row.pk, state=SentNotice.State.CLAIMED).update(state=state, **fields)


def send_notices(day: date, notices: list[Notice]) -> RunReport:
    """Send each reachable notice not already sent; one mail connection for the run."""
    report = RunReport(day, notices)
    connection = get_connection(fail_silently=False)
    for notice in notices:
        if not notice.recipient.reachable:
            report.unreachable.append(notice)
            continue
        row = claim(notice)
        if row is None:
            report.already.append(notice)
            continue
        try:
            message_for(notice, connection).send()
        except Exception as e:  # any failure of the mail server: recorded, retried on the next run
            _mark(row, SentNotice.State.FAILED, error=f"{type(e).__name__}: {e}"[:2000])
            report.failed.append((notice, f"{type(e).__name__}: {e}"))
        else:
            _mark(row, SentNotice.State.SENT, sent_at=timezone.now())
            report.sent.append(notice)
    report.unfinished = list(
        SentNotice.objects.filter(day=day, state=SentNotice.State.CLAIMED).select_related("recipient"))
    return report


def reminders_send(day: date, plans=None) -> RunReport:
    """Compute and send the day's emails (the task the scheduler queues, and the command)."""
    return send_notices(day, day_notices(day, plans))
