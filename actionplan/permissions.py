"""Who may do what, checked per object on every request.

Views never test roles themselves: they fetch through these helpers, which answer
404 for what does not exist and 403 for what the user may not do.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from actionplan import roles
from actionplan.models import (
    Action,
    CompletionClaim,
    Evidence,
    Paper,
    PaperAppendix,
    PaperRender,
    Plan,
    Recommendation,
)


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


def can_review(user) -> bool:
    """Plan managers and directors sign off completions (every plan: roles are not per plan)."""
    return bool(role_names(user) & {roles.PLAN_MANAGER, roles.DIRECTOR})


def can_review_claim(user, claim: CompletionClaim) -> bool:
    """A reviewer signs off someone else's claim, never their own: sign-off is a second pair of eyes."""
    return can_review(user) and claim.claimed_by_id != user.pk


def can_produce_papers(user) -> bool:
    return bool(role_names(user) & {roles.CLERK, roles.PLAN_MANAGER})


def can_import_updates(user) -> bool:
    """Updates returned in a workbook (partners send them back to the clerk) may be imported by
    clerks and plan managers; creating a whole new plan from a workbook stays with plan managers."""
    return bool(role_names(user) & {roles.CLERK, roles.PLAN_MANAGER})


def can_import_structure(user) -> bool:
    """A workbook's structure (new or reworded actions and recommendations, leads, by-when, partners, success
    criteria, people, indicators) is imported by plan managers only; a clerk imports the updates partners
    return: status, progress notes and RAG (excel/compare/structure.py)."""
    return can_manage(user)


def can_update_action(user, action: Action, leads=None) -> bool:
    """Plan managers update any action; officers only those they lead. `leads`: the action's
    ActionLead rows with their people, when the page has them already (saves a query)."""
    names = role_names(user)
    if roles.PLAN_MANAGER in names:
        return True
    if roles.OFFICER in names:
        if leads is not None:
            return any(lead.person.user_id == user.pk for lead in leads)
        return action.leads.filter(person__user=user).exists()
    return False


def can_record_progress(user) -> bool:
    """Whether the user may record progress on any action at all (plan managers on all, officers on
    those they lead): pages offer "Update" links only to them."""
    return bool(role_names(user) & {roles.PLAN_MANAGER, roles.OFFICER})


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def plan_for(
    user, slug: str, *, manage: bool = False, importing: bool = False, produce: bool = False
) -> Plan:
    plan = get_object_or_404(Plan, slug=slug)
    if importing:
        _require(can_import_updates(user))
    elif produce:
        _require(can_produce_papers(user))
    else:
        _require(can_manage(user) if manage else can_read(user))
    return plan


def import_page_for(user, slug: str | None) -> Plan | None:
    """The import page: a plan's, for those who may import updates; with no plan, the page that
    makes a new plan from a workbook, for plan managers only (None)."""
    if slug:
        return plan_for(user, slug, importing=True)
    _require(can_manage(user))
    return None


def import_target_for(user, slug: str) -> Plan | None:
    """The plan a workbook names: an existing one for those who may import updates; a reference no
    plan has yet (None: a new plan) for plan managers only."""
    plan = Plan.objects.filter(slug=slug).first()
    _require(can_import_updates(user) if plan is not None else can_manage(user))
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


def plans_for(user):
    """Every plan, for pages across plans (the list, the portfolio): any role may read them."""
    _require(can_read(user))
    return Plan.objects.all()


def actions_for(user):
    """Every action of every plan, for the action list."""
    _require(can_read(user))
    return Action.objects.all()


def of_plan(model, plan: Plan, pk: int):
    """A timescale group, person or indicator of a plan the user was already let into; 404 if not of it."""
    return get_object_or_404(model, plan=plan, pk=pk)


def figure_of(indicator, model, pk: int):
    """A target or measured value of that indicator; 404 if it is not one of its figures."""
    return get_object_or_404(model, indicator=indicator, pk=pk)


def evidence_for(user, pk: int) -> Evidence:
    """Evidence is read by whoever reads its action (every role)."""
    evidence = get_object_or_404(Evidence.objects.select_related("action"), pk=pk)
    _require(can_read(user))
    return evidence


def paper_for(user, pk: int, *, produce: bool = False) -> Paper:
    """404 for no such paper; drafts and every change are for clerks and plan managers (403)."""
    paper = get_object_or_404(Paper.objects.select_related("plan", "issued_by", "supersedes"), pk=pk)
    if produce or not paper.is_issued:
        _require(can_produce_papers(user))
    else:
        _require(can_read(user))
    return paper


def papers_for(user, plan: Plan):
    """A plan's papers as this user may list them: readers see issued papers, clerks drafts too."""
    papers = Paper.objects.filter(plan=plan)
    return papers if can_produce_papers(user) else papers.filter(issued_at__isnull=False)


class SignInNeeded(Exception):
    """Someone signed out asked for what only signed-in people may see: the view sends them to sign in,
    exactly as for any other page, whether or not the thing exists (nothing about drafts leaks)."""


def published_paper_for(user, pk: int) -> Paper:
    """An issued paper's HTML page or PDF: anyone may open a published one; anything else is as paper_for
    (signed out: SignInNeeded; a draft: clerks and plan managers)."""
    paper = Paper.objects.select_related("plan", "issued_by", "supersedes").filter(pk=pk).first()
    if paper is not None and paper.is_public:
        return paper
    if not user.is_authenticated:
        raise SignInNeeded
    return paper_for(user, pk)


def published_papers_for(user, slug: str) -> tuple[Plan, list[Paper]]:
    """A plan's published papers, newest meeting first, for anyone. Signed out, a plan with none
    published (or no such plan) is SignInNeeded, so the list tells nobody what is not public."""
    plan = Plan.objects.filter(slug=slug).first()
    listed = [] if plan is None else list(
        Paper.objects.filter(plan=plan, public=True, issued_at__isnull=False)
        .order_by("-meeting_date", "-version", "-pk")
    )
    if not user.is_authenticated and not listed:
        raise SignInNeeded
    if plan is None:
        return plan_for(user, slug), []  # the signed-in get the usual 404
    _require(bool(listed) or can_read(user))
    return plan, listed


def appendix_for(user, pk: int, appendix_pk: int, *, produce: bool = False, published: bool = False) -> PaperAppendix:
    """An appendix a clerk added to a paper: changed by those who produce papers; read by whoever reads
    the paper (`published`: by anyone when the paper is published, else SignInNeeded as published_paper_for);
    404 if it is not that paper's."""
    paper = published_paper_for(user, pk) if published and not produce else paper_for(user, pk, produce=produce)
    appendix = get_object_or_404(PaperAppendix, pk=appendix_pk, paper=paper)
    appendix.paper = paper
    return appendix


def render_for(user, pk: int, render_pk: int) -> PaperRender:
    """A background render of a paper, for those who may make its PDFs; 404 if not that paper's."""
    paper = paper_for(user, pk, produce=True)
    job = get_object_or_404(PaperRender.objects.select_related("requested_by"), pk=render_pk, paper=paper)
    job.paper = paper
    return job


def reviewer_check(user) -> None:
    """The sign-off inbox: for plan managers and directors (403 for everyone else)."""
    _require(can_review(user))


def claim_for(user, pk: int) -> CompletionClaim:
    """A completion claim to review: 404 if none, 403 unless the user may sign it off."""
    claim = get_object_or_404(
        CompletionClaim.objects.select_related(
            "action__recommendation__plan", "action__recommendation__group", "claimed_by", "reviewer", "note",
            "evidence",
        ),
        pk=pk,
    )
    _require(can_review_claim(user, claim))
    return claim
