"""The day's emails: at most one per person, composed from each plan's facts (`selectors.reminders`).

A lead is sent the returns they owe for the round being asked for (an update request: not
optional), and, unless they turned it off, their actions due today, due in the next 7 days and
overdue. A plan manager is sent the plan's escalations (not optional) and, unless turned off, the
returns outstanding by lead and the leads who cannot be reminded; a director, the escalations that
have reached directors (`actionplan.escalation`). Links go straight to the update form when the
reader may use it, else to the action's page. No email is composed on a Saturday or Sunday.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from actionplan import roles
from actionplan.dates import uk_date
from actionplan.escalation import DIRECTOR, MANAGER
from actionplan.models import NoticePreference
from actionplan.rounds import ReturnState, is_working_day
from actionplan.selectors.reminders import ActionFacts, PlanFacts

LOOK_AHEAD_DAYS = 7


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@dataclass
class Line:
    """One item of an email: a link whose text names the action, and what is due about it (no link
    when there is nothing to open: `url` empty)."""

    text: str
    url: str
    detail: str


@dataclass
class Section:
    key: str
    heading: str
    plan: str
    intro: str = ""
    lines: list[Line] = field(default_factory=list)
    required: bool = False


@dataclass
class Recipient:
    user_id: int | None
    name: str
    email: str
    roles: frozenset = frozenset()
    actions_digest: bool = True
    plan_digest: bool = True

    @property
    def reachable(self) -> bool:
        return bool(self.user_id and self.email)


@dataclass
class Notice:
    recipient: Recipient
    day: date
    sections: list[Section] = field(default_factory=list)

    def count(self, key: str) -> int:
        return sum(len(s.lines) for s in self.sections if s.key == key)

    @property
    def plans(self) -> list[str]:
        return sorted({s.plan for s in self.sections})

    @property
    def summary(self) -> str:
        words = {"returns": "return{} to make", "escalations": "escalation{}", "due_today": "due today",
                 "due_soon": "due in the next 7 days", "overdue": "overdue",
                 "by_lead": "lead{} with returns outstanding", "unreachable": "lead{} who cannot be reminded"}
        parts = []
        for key, word in words.items():
            n = self.count(key)
            if n:
                parts.append(f"{n} {word.format('' if n == 1 else 's')}")
        return ", ".join(parts)

    @property
    def subject(self) -> str:
        return f"{settings.COUNCIL_NAME} improvement plans: {self.summary} ({uk_date(self.day)})"


def _action_text(a: ActionFacts, verb: str) -> str:
    words = a.description if len(a.description) <= 90 else a.description[:87] + "…"
    return f"{verb} action {a.reference}: {words}"


def _own_line(a: ActionFacts, recipient: Recipient, detail: str) -> Line:
    """A lead's own action: the update form when they may use it, else the action's page."""
    may_update = roles.PLAN_MANAGER in recipient.roles or (
        roles.OFFICER in recipient.roles and any(lead.user_id == recipient.user_id for lead in a.leads))
    if may_update:
        return Line(_action_text(a, "Update"), absolute(reverse("action_update", args=[a.action_id])), detail)
    return Line(_action_text(a, "Read"), absolute(reverse("action_detail", args=[a.action_id])), detail)


def _lead_sections(facts: PlanFacts, mine: list[ActionFacts], recipient: Recipient) -> list[Section]:
    title, on, rnd = facts.plan.title, facts.on, facts.round
    sections = []
    owed = [a for a in mine if a.return_state in (ReturnState.DUE, ReturnState.MISSING)]
    if owed and rnd is not None:
        passed = on > rnd.deadline
        intro = (f"Returns were due by {uk_date(rnd.deadline)} and these have not come in: record progress on each "
                 f"before the report is drawn up on {uk_date(rnd.report_on)}." if passed else
                 f"Record progress on each action by {uk_date(rnd.deadline)}: a short dated note is enough.")
        detail = "missing: no update received" if passed else f"due by {uk_date(rnd.deadline)}"
        sections.append(Section("returns", f"Returns for the {rnd.label}", title, intro,
                                [_own_line(a, recipient, detail) for a in owed], required=True))
    if not recipient.actions_digest:
        return sections
    soon = on + timedelta(days=LOOK_AHEAD_DAYS)
    groups = [
        ("due_today", "Due today", [a for a in mine if a.due_date == on], lambda a: f"due today, {uk_date(on)}"),
        ("due_soon", "Due in the next 7 days", [a for a in mine if a.due_date and on < a.due_date <= soon],
         lambda a: f"due {uk_date(a.due_date)}"),
        ("overdue", "Overdue", sorted((a for a in mine if a.overdue_by), key=lambda a: -(a.overdue_by or 0)),
         lambda a: f"overdue by {a.overdue_by} day{'s' if a.overdue_by != 1 else ''} (due {uk_date(a.due_date)})"),
    ]
    for key, heading, items, detail_of in groups:
        if items:
            sections.append(Section(key, heading, title, lines=[_own_line(a, recipient, detail_of(a)) for a in items]))
    return sections


def _escalation_section(facts: PlanFacts, level: int) -> Section | None:
    items = [a for a in facts.actions if a.escalation >= level]
    if not items:
        return None
    who = "plan managers" if level == MANAGER else "directors"
    lines = [Line(_action_text(a, "See"), absolute(reverse("action_detail", args=[a.action_id])),
                  f"led by {a.lead_names}: {a.why.words if a.why else ''}") for a in items]
    return Section("escalations", "Escalations", facts.plan.title,
                   f"Sent to the {who}: returns missing for rounds in a row, or actions long overdue.", lines, True)


def _manager_digest(facts: PlanFacts) -> list[Section]:
    sections = []
    rnd = facts.round
    if rnd is not None:
        per_lead: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for a in facts.actions:
            if a.return_state in (ReturnState.DUE, ReturnState.MISSING):
                for lead in a.leads or []:
                    per_lead[lead.full_label][a.return_state == ReturnState.MISSING] += 1
        url = absolute(reverse("plan_returns", args=[facts.plan.slug]) + f"?round={rnd.key}")
        lines = [Line(f"Returns outstanding from {label}", url, f"{due} due, {missing} missing")
                 for label, (due, missing) in sorted(per_lead.items())]
        if lines:
            sections.append(Section("by_lead", f"Returns outstanding for the {rnd.label}", facts.plan.title,
                                    f"Due by {uk_date(rnd.deadline)}.", lines))
    unreachable = facts.unreachable
    if unreachable:
        lines = [Line(lead.full_label, "", "no account" if not lead.user_id else "the account has no email address")
                 for lead in unreachable]
        sections.append(Section("unreachable", "Cannot be reminded", facts.plan.title,
                                "These leads have no email address here: ask them another way.", lines))
    return sections


def recipients_for(all_facts: list[PlanFacts]) -> dict[int, Recipient]:
    """Every account that may get an email: the leads' accounts, plan managers and directors (three queries)."""
    lead_ids = {lead.user_id for f in all_facts for a in f.actions for lead in a.leads if lead.user_id}
    User = get_user_model()
    users = User.objects.filter(Q(pk__in=lead_ids) | Q(groups__name__in=[roles.PLAN_MANAGER, roles.DIRECTOR]),
                                is_active=True).distinct()
    found = {u.pk: Recipient(u.pk, u.get_full_name() or u.get_username(), u.email) for u in users}
    role_rows = User.groups.through.objects.filter(user_id__in=found).values_list("user_id", "group__name")
    by_user: dict[int, set] = defaultdict(set)
    for user_id, name in role_rows:
        by_user[user_id].add(name)
    for pref in NoticePreference.objects.filter(user_id__in=found):
        found[pref.user_id].actions_digest, found[pref.user_id].plan_digest = pref.actions_digest, pref.plan_digest
    for user_id, recipient in found.items():
        recipient.roles = frozenset(by_user[user_id])
    return found


def _by_lead(facts: PlanFacts, recipients: dict[int, Recipient]) -> dict[int | str, tuple[Recipient, list]]:
    """Each lead's open actions, keyed by their account (one email a person) or, with none, by person."""
    found: dict[int | str, tuple[Recipient, list[ActionFacts]]] = {}
    for a in facts.actions:
        for lead in a.leads:
            key: int | str = lead.user_id or f"person-{lead.person_id}"
            # No account, or an inactive one: listed, never sent to.
            recipient = recipients.get(lead.user_id) if lead.user_id else None
            recipient = recipient or Recipient(None, lead.full_label, "")
            found.setdefault(key, (recipient, []))[1].append(a)
    return found


def _oversight(facts: PlanFacts, recipient: Recipient) -> list[Section]:
    """A plan manager's escalations and digest, or a director's escalations."""
    if not recipient.roles & {roles.PLAN_MANAGER, roles.DIRECTOR}:
        return []
    manager = roles.PLAN_MANAGER in recipient.roles
    escalated = _escalation_section(facts, MANAGER if manager else DIRECTOR)
    sections = [escalated] if escalated else []
    if manager and recipient.plan_digest:
        sections += _manager_digest(facts)
    return sections


def compose(all_facts: list[PlanFacts], day: date) -> list[Notice]:
    """One notice per person with something to say on `day` (none at weekends), reachable or not."""
    if not is_working_day(day) or not all_facts:
        return []
    recipients = recipients_for(all_facts)
    notices: dict[int | str, Notice] = {}
    for facts in all_facts:
        for key, (recipient, mine) in _by_lead(facts, recipients).items():
            sections = _lead_sections(facts, mine, recipient)
            if sections:
                notices.setdefault(key, Notice(recipient, day)).sections += sections
        for user_id, recipient in recipients.items():
            sections = _oversight(facts, recipient)
            if sections:
                notices.setdefault(user_id, Notice(recipient, day)).sections += sections
    return sorted(notices.values(), key=lambda n: (not n.recipient.reachable, n.recipient.name))
