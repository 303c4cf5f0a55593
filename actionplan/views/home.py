"""Each role's home page: what that person has to do or decide today, and only links they may use.

- Officer: their returns for each plan's round in focus (`actionplan.rounds`), completions returned
  to them with the reviewer's comment, completions of theirs awaiting sign-off, their open actions
  (overdue first, "overdue by N days") with an Update link each.
- Plan manager: returns missing (or still due) by lead for each plan's round in focus and the leads
  among them who cannot be reminded, completions awaiting sign-off, overdue and stale actions across
  their plans.
- Director: each of their plans' figures and RAG at its last reporting rounds (chart and table),
  what moved since the last report, the actions escalated to directors (`actionplan.escalation`),
  completions awaiting sign-off.
A person with several roles sees each role's part.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from actionplan import permissions as perms
from actionplan import roles
from actionplan.deadlines import stale_days
from actionplan.escalation import overdue_days_setting
from actionplan.selectors import home as reads
from actionplan.selectors.home_returns import escalations, focus_rounds, returns_by_lead, returns_owed
from actionplan.selectors.returns import calendar_specs
from actionplan.selectors.signoff import awaiting_for, returned_to
from actionplan.selectors.today import attention_counts, my_actions

OPEN_STATUSES = ("not_started", "in_progress", "ongoing", "delayed")


def _officer(user, plans, rounds, today, *, officer: bool) -> dict:
    """An officer's part; for a plan manager, only when they lead open actions."""
    actions = list(my_actions(user, today))
    if not (officer or actions):
        return {}
    return {
        "owed_returns": returns_owed(user, plans, rounds, today),
        "actions": actions,
        "attention": attention_counts(actions, today),
        "returned": list(returned_to(user)),
        "awaiting": list(awaiting_for(user)),
        "can_record": perms.can_record_progress(user),
    }


def _manager(plans, rounds, today) -> dict:
    attention = reads.attention_for(plans, today)
    return {
        "plan_returns": returns_by_lead(plans, rounds, today),
        "overdue": attention.rows("overdue"),
        "overdue_total": attention.list("overdue").count,
        "stale": attention.rows("stale"),
        "stale_total": attention.list("stale").count,
        "stale_days": stale_days(),
        "single_plan": plans[0] if len(plans) == 1 else None,
    }


def _director(user, plans, today) -> dict:
    initials = next((p.my_initials for p in plans if getattr(p, "my_initials", None)), None)
    specs = calendar_specs(plans)
    return {
        "summaries": reads.plan_summaries(plans, today, specs),
        "escalations": escalations(plans, specs, today),
        "escalate_days": 2 * overdue_days_setting(),
        "led": reads.led_counts(user, today) if initials else None,
        "led_initials": initials,
        "open_statuses": OPEN_STATUSES,
    }


@login_required
def home(request):
    user = request.user
    today = timezone.localdate()
    names = perms.role_names(user)
    context = {"today": today, "can_read": perms.can_read(user), "preview": reads.PREVIEW,
               "is_officer": roles.OFFICER in names, "is_manager": roles.PLAN_MANAGER in names,
               "is_director": roles.DIRECTOR in names, "can_review": perms.can_review(user),
               "can_papers": perms.can_produce_papers(user)}
    plans = reads.their_plans(user) if names & {roles.OFFICER, roles.PLAN_MANAGER, roles.DIRECTOR} else []
    context["plans"] = plans
    if context["is_officer"] or context["is_manager"]:  # a plan manager may lead actions too
        rounds = focus_rounds(plans, today)
        context.update(_officer(user, plans, rounds, today, officer=context["is_officer"]))
        if context["is_manager"]:
            context.update(_manager(plans, rounds, today))
    if context["can_review"]:
        context["signoff_claims"], context["signoff_total"] = reads.waiting_for_signoff()
    if context["is_director"]:
        context.update(_director(user, plans, today))
    return render(request, "actionplan/home.html", context)
