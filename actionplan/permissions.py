"""Who may do what, checked per object on every request.

Views never test roles themselves: they fetch through these helpers, which answer
404 for what does not exist and 403 for what the user may not do.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from actionplan import roles
from actionplan.models import Action, Plan, Recommendation


def role_names(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached |= set(roles.ALL)
        user._role_names = cached
    return cached


def can_read(user) -> bool:
    """Every role reads every plan; an account with no role reads nothing."""
    return bool(role_names(user))


def can_manage(user) -> bool:
    return roles.PLAN_MANAGER in role_names(user)


def can_direct(user) -> bool:
    return roles.DIRECTOR in role_names(user)


def can_produce_papers(user) -> bool:
    return bool(role_names(user) & {roles.CLERK, roles.PLAN_MANAGER})


def can_import_updates(user) -> bool:
    """Updates returned in a workbook (partners send them back to the clerk) may be imported by
    clerks and plan managers; creating a whole new plan from a workbook stays with plan managers."""
    return bool(role_names(user) & {roles.CLERK, roles.PLAN_MANAGER})


def can_update_action(user, action: Action) -> bool:
    """Plan managers update any action; officers only those they lead."""
    names = role_names(user)
    if roles.PLAN_MANAGER in names:
        return True
    if roles.OFFICER in names:
        return action.leads.filter(person__user=user).exists()
    return False


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def plan_for(user, slug: str, *, manage: bool = False, importing: bool = False) -> Plan:
    plan = get_object_or_404(Plan, slug=slug)
    if importing:
        _require(can_import_updates(user))
    else:
        _require(can_manage(user) if manage else can_read(user))
    return plan


def recommendation_for(user, plan_slug: str, number: int, *, manage=False, direct=False) -> Recommendation:
    rec = get_object_or_404(
        Recommendation.objects.select_related("plan", "group"), plan__slug=plan_slug, number=number
    )
    if manage:
        _require(can_manage(user))
    elif direct:
        _require(can_direct(user))
    else:
        _require(can_read(user))
    return rec


def action_for(user, pk: int, *, update: bool = False, manage: bool = False) -> Action:
    action = get_object_or_404(
        Action.objects.select_related("recommendation__plan", "recommendation__group"), pk=pk
    )
    if manage:
        _require(can_manage(user))
    elif update:
        _require(can_update_action(user, action))
    else:
        _require(can_read(user))
    return action
