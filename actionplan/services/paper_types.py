"""A plan's paper types: what a new paper of each kind starts from, set by its clerks and plan managers.

A paper copies its type's fields when it is made (papers.paper_build) and keeps its own copy: editing a
type changes the papers made after, never one already made, so an issued paper stays as issued.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from actionplan.history import save_recorded
from actionplan.models import Paper, PaperType, Person, Plan
from actionplan.papers.contact import wording_problem
from actionplan.papers.defaults import SAMPLES, paper_type

# What a paper takes from its type (same names on both models).
COPIED = ["title", "portfolio", "meeting_body", "contact_wording", "contact_name", "contact_title",
          "contact_phone", "appendices", "red_actions_limit"]


class PaperTypeError(ValueError):
    """The type cannot be saved as asked; the message says why."""


def paper_type_for(plan: Plan, kind: str) -> PaperType | None:
    return PaperType.objects.filter(plan=plan, kind=kind).first()


def paper_type_unsaved(plan: Plan, kind: str) -> PaperType:
    """A type not yet set up for the plan, filled with the built-in wording, for the clerk to start from."""
    rules = paper_type(kind)
    fill = {"body": rules.meeting_body, "plan": plan.title}
    return PaperType(plan=plan, kind=kind, meeting_body=rules.meeting_body,
                     title=rules.text.get("title", "{plan}").format(**fill), appendices=list(rules.appendices))


def type_defaults(ptype: PaperType) -> dict:
    """The fields a new paper copies from its type (a list copied, so the paper's is its own)."""
    values = {name: getattr(ptype, name) for name in COPIED}
    values["appendices"] = list(ptype.appendices or [])
    return values


def _clean(ptype: PaperType) -> None:
    problem = wording_problem(ptype.contact_wording)
    if problem:
        raise PaperTypeError(problem)
    unknown = set(ptype.appendices or []) - set(Paper.Appendix.values)
    if unknown:
        raise PaperTypeError(f"unknown appendices: {', '.join(sorted(unknown))}")
    try:
        ptype.full_clean(validate_unique=False)
    except ValidationError as e:
        raise PaperTypeError("; ".join(f"{k}: {' '.join(v)}" for k, v in e.message_dict.items())) from None


@transaction.atomic
def paper_type_save(*, plan: Plan, kind: str, user, changes: dict, reason: str = "Paper type edited") -> PaperType:
    """Set up the plan's type of this kind, or change it; papers already made keep what they copied."""
    if kind not in Paper.Kind.values:
        raise PaperTypeError(f"unknown kind of paper {kind!r}")
    unknown = set(changes) - set(COPIED)
    if unknown:
        raise PaperTypeError(f"these cannot be set on a paper type: {', '.join(sorted(unknown))}")
    ptype = PaperType.objects.select_for_update().filter(plan=plan, kind=kind).first()
    if ptype is None:
        ptype, reason = paper_type_unsaved(plan, kind), "Paper type set up"
    for name, value in changes.items():
        setattr(ptype, name, value)
    _clean(ptype)
    save_recorded(ptype, reason=reason, user=user)
    return ptype


def paper_types_seed(plan: Plan, data: dict, user=None,
                     reason: str = "Paper type of the fixture's sample paper") -> list[PaperType]:
    """The plan's types from the fixture's sample papers (its "papers" list): each sample's title and
    meeting as the fixture gives them, and the portfolio, contact and appendices of defaults.SAMPLES,
    the contact named from the plan's index of people. A kind that already has a type keeps it."""
    people = {p.initials: p for p in Person.objects.filter(plan=plan)}
    made = []
    for item in data.get("papers", []):
        sample = SAMPLES.get(item.get("type"))
        if sample is None or paper_type_for(plan, sample["kind"]) is not None:
            continue
        ptype = paper_type_unsaved(plan, sample["kind"])
        ptype.title = item.get("title") or ptype.title
        ptype.meeting_body = item.get("body") or ptype.meeting_body
        ptype.portfolio = sample.get("portfolio", "")
        ptype.contact_phone = sample.get("contact_phone", "")
        contact = people.get(sample.get("contact_initials", ""))
        if contact is not None:
            ptype.contact_name, ptype.contact_title = contact.name, contact.job_title
        if "appendices" in sample:
            ptype.appendices = list(sample["appendices"])
        ptype.red_actions_limit = sample.get("red_actions_limit")
        _clean(ptype)
        save_recorded(ptype, reason=reason, user=user)
        made.append(ptype)
    return made
