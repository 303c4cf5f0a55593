"""Writes for committee papers: create from a type, edit, issue, and the fixture's sample papers.

An issued paper is the record: its PDF is stored with its SHA-256 and never changes. Editing an
issued paper makes a new version (supersedes = the issued one) and leaves the issued row and file
as they were.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from actionplan.asat import AsAtError, check_as_at, local_time
from actionplan.dates import uk_date
from actionplan.history import save_recorded
from actionplan.models import Paper, Plan
from actionplan.papers import defaults
from actionplan.papers.contact import wording_problem
from actionplan.papers.defaults import SAMPLES, Kind, default_due_by, missing_sections, paper_type
from actionplan.papers.generated import generated_paragraphs, paper_areas, red_actions
from actionplan.papers.render import PaperRenderError, render_issued_paper, status_line_for
from actionplan.papers.since import paper_baseline
from actionplan.selectors.due_by import Areas
from actionplan.selectors.snapshot import PlanSnapshot, plan_snapshot
from actionplan.services.appendices import appendices_copy, appendices_state
from actionplan.services.paper_types import COPIED, paper_type_for, paper_types_seed, type_defaults

# What a clerk may change on a paper (the plan and the type are fixed when it is created).
EDITABLE = [
    "meeting_body", "meeting_date", "as_at", "title", "portfolio", "wards_affected", "purpose",
    "key_decision", "recommendations", "reasons", "financial_implications", "considerations",
    "alternative_options", "risk_management", "consultees", "background_papers", "contact_name",
    "contact_title", "contact_phone", "appendices", "changes_since", "due_by", "due_by_area", "due_by_group",
    "overall_rag", "exceptions", "red_actions_limit", "contact_wording", "agenda_item", "pack_first_page",
]


class PaperError(ValueError):
    """The paper cannot be changed or issued as asked; the message says why."""


class PaperIncomplete(PaperError):
    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__("This paper cannot be issued until these sections are written: " + ", ".join(missing))


def _checked_as_at(plan: Plan, as_at: date) -> None:
    try:
        check_as_at(plan, as_at)
    except AsAtError as e:
        raise PaperError(str(e)) from None


def default_exceptions(snapshot: PlanSnapshot) -> list[dict]:
    """Every action not on target as at the date, with its latest note as the first draft of 'why'.

    The revised date is left for the clerk: the plan records when work was due, not when the
    board now expects it, so the system does not guess one.
    """
    items = []
    for _, action in red_actions(snapshot):
        latest = action.notes[0].text if action.notes else ""
        items.append({"action_id": action.id, "reference": action.reference, "revised": "", "why": latest})
    return items


def join_paragraphs(*parts) -> str:
    return "\n\n".join(p.strip() for group in parts for p in group if p and p.strip())


def paper_build(
    *,
    plan: Plan,
    kind: str,
    as_at: date,
    meeting_date: date | None = None,
    meeting_body: str | None = None,
    title: str | None = None,
    fill_generated: bool = True,
    snapshot: PlanSnapshot | None = None,
    areas: Areas | None = None,
) -> Paper:
    """An unsaved paper of a kind with its defaults: the plan's paper type of that kind where it has one
    (services/paper_types.py), else the built-in wording. The command renders these without saving;
    `areas` is what its due-by sentence counts (default: actions in the whole plan)."""
    if kind not in Kind.values:
        raise PaperError(f"unknown paper type {kind!r}; choose one of {', '.join(Kind.values)}")
    _checked_as_at(plan, as_at)
    ptype = paper_type(kind)
    chosen = paper_type_for(plan, kind)
    body = meeting_body or (chosen.meeting_body if chosen else ptype.meeting_body)
    fill = {"body": body, "plan": plan.title}
    text = {name: value.format(**fill) for name, value in ptype.text.items()}
    due_by = default_due_by(as_at)
    paper = Paper(
        plan=plan,
        kind=kind,
        as_at=as_at,
        meeting_date=meeting_date or as_at,
        due_by=due_by,
        appendices=list(ptype.appendices),
        **{k: v for k, v in text.items() if k != "title"},
    )
    if chosen is not None:
        for name, value in type_defaults(chosen).items():
            setattr(paper, name, value)
    # What the clerk typed on the create form wins over the type.
    paper.meeting_body = body
    paper.title = title or (chosen.title if chosen else text.get("title", plan.title))
    if areas is not None:
        paper.due_by_area, paper.due_by_group_id = areas.area, areas.group
    if not (fill_generated or kind == Kind.EXCEPTIONS):
        return paper  # nothing generated: no snapshot needed
    snapshot = snapshot or plan_snapshot(plan, as_at)
    if fill_generated and "considerations" in ptype.sections and kind != Kind.EXCEPTIONS:
        paper.considerations = join_paragraphs(
            generated_paragraphs(snapshot, due_by, paper.appendices, paper_areas(paper), paper.red_actions_limit,
                                 paper_baseline(paper))
        )
    if kind == Kind.EXCEPTIONS:
        paper.exceptions = default_exceptions(snapshot)
    return paper


def paper_generated_text(paper: Paper) -> str:
    """Freshly generated paragraphs for the clerk to insert (due-by sentence, changes since the last
    report, exceptions, indicators)."""
    snapshot = plan_snapshot(paper.plan, paper.as_at)
    due_by = paper.due_by or default_due_by(paper.as_at)
    return join_paragraphs(generated_paragraphs(snapshot, due_by, paper.appendices or [], paper_areas(paper),
                                                paper.red_actions_limit, paper_baseline(paper)))


def _clean(paper: Paper) -> None:
    try:
        paper.full_clean(exclude=["issued_pdf"])
    except ValidationError as e:
        raise PaperError("; ".join(f"{k}: {' '.join(v)}" for k, v in e.message_dict.items())) from None
    if paper.due_by_group is not None and paper.due_by_group.plan_id != paper.plan_id:
        raise PaperError("due_by_group: choose a timescale group of this paper's plan")
    unknown = set(paper.appendices or []) - set(Paper.Appendix.values)
    if unknown:
        raise PaperError(f"unknown appendices: {', '.join(sorted(unknown))}")
    problem = wording_problem(paper.contact_wording)
    if problem:
        raise PaperError(problem)


@transaction.atomic
def paper_create_from_type(
    *,
    plan: Plan,
    kind: str,
    as_at: date,
    user=None,
    meeting_date: date | None = None,
    meeting_body: str | None = None,
    title: str | None = None,
    fill_generated: bool = True,
    fields: dict | None = None,
    reason: str = "Paper created",
    when: datetime | None = None,
    areas: Areas | None = None,
) -> Paper:
    """Create a draft paper with its type's defaults; `fields` override any of them."""
    paper = paper_build(
        plan=plan, kind=kind, as_at=as_at, meeting_date=meeting_date, meeting_body=meeting_body,
        title=title, fill_generated=fill_generated, areas=areas,
    )
    for name, value in (fields or {}).items():
        if name not in EDITABLE:
            raise PaperError(f"{name} cannot be set on a paper")
        setattr(paper, name, value)
    _checked_as_at(plan, paper.as_at)
    _clean(paper)
    save_recorded(paper, reason=reason, user=user, when=when)
    return paper


def latest_version(paper: Paper) -> Paper:
    """The newest version in the chain that starts from this paper (itself when none is newer)."""
    current = paper
    while True:
        newer = Paper.objects.filter(supersedes=current).order_by("-version", "-pk").first()
        if newer is None:
            return current
        current = newer


@transaction.atomic
def paper_update(*, paper_id: int, user, changes: dict, reason: str = "Paper edited") -> Paper:
    """Apply a clerk's edits. A draft changes in place; an issued paper is never touched: the edits
    go into a new draft version that supersedes it (refused if a newer version already exists)."""
    paper = Paper.objects.select_for_update().select_related("plan").get(pk=paper_id)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise PaperError(f"these cannot be changed on a paper: {', '.join(sorted(unknown))}")
    if paper.is_issued:
        newer = Paper.objects.filter(supersedes=paper).order_by("-version").first()
        if newer is not None:
            raise PaperError(
                f"version {newer.version} of this paper already exists; edit that version instead"
            )
        draft = Paper(plan=paper.plan, kind=paper.kind, supersedes=paper, version=paper.version + 1)
        for name in EDITABLE:
            setattr(draft, name, getattr(paper, name))
        target, reason = draft, f"New version of issued version {paper.version}: {reason}"
    else:
        target = paper
    for name, value in changes.items():
        setattr(target, name, value)
    if "as_at" in changes or target.pk is None:
        _checked_as_at(target.plan, target.as_at)
    _clean(target)
    save_recorded(target, reason=reason, user=user)
    if target is not paper:
        appendices_copy(source=paper, target=target, user=user)
    return target


def issued_file_name(paper: Paper, digest: str, suffix: str = "pdf") -> str:
    # Generated, never from the title: no path tricks, and the name says which version it is.
    return f"papers/{paper.plan.slug}/paper-{paper.pk}-v{paper.version}-{digest[:16]}.{suffix}"


def _store_checked(storage, name: str, data: bytes, digest: str, what: str) -> str:
    """Save data and read it back: the stored file must have the SHA-256 of what was rendered."""
    stored = storage.save(name, ContentFile(data))
    try:
        with storage.open(stored, "rb") as f:
            if hashlib.sha256(f.read()).hexdigest() != digest:
                raise PaperError(f"The stored {what} does not match what was rendered; the paper was not issued")
    except BaseException:
        storage.delete(stored)
        raise
    return stored


def paper_issue(*, paper_id: int, user, on_issued: Callable[[Paper], None] | None = None) -> Paper:
    """Freeze a paper: check it is complete, render its PDF and HTML page, store both with their SHA-256.

    The PDF and the HTML are rendered from one reading of the plan (render_issued_paper), completely
    in memory before anything is written, so a rendering failure leaves no file and no change.
    Rendering takes seconds, so it happens before the write transaction (on SQLite a transaction
    holds the database's write lock); the transaction then checks that nobody issued or edited the
    paper meanwhile and records the files. If recording fails, the stored files are removed.
    `on_issued(paper)` runs inside that transaction (the background worker marks its render done
    there), and an error from it undoes the issue.
    """
    paper = Paper.objects.select_related("plan").get(pk=paper_id)
    _check_issuable(paper)
    paper.issued_at = timezone.now()
    paper.issued_by = user
    appendices_before = appendices_state(paper_id)
    try:
        pdf, html = render_issued_paper(paper, status_line=status_line_for(paper, issuing=True))
    except PaperRenderError as e:
        raise PaperError(f"The paper was not issued: {e}") from e
    html_bytes = html.encode("utf-8")
    digest, html_digest = hashlib.sha256(pdf).hexdigest(), hashlib.sha256(html_bytes).hexdigest()
    storage = paper.issued_pdf.storage
    written: list[str] = []
    try:
        written.append(_store_checked(storage, issued_file_name(paper, digest), pdf, digest, "PDF"))
        written.append(_store_checked(
            storage, issued_file_name(paper, html_digest, "html"), html_bytes, html_digest, "HTML page"
        ))
        with transaction.atomic():
            current = Paper.objects.select_for_update().select_related("plan").get(pk=paper_id)
            _check_issuable(current)
            if (any(getattr(current, name) != getattr(paper, name) for name in EDITABLE)
                    or appendices_state(paper_id) != appendices_before):
                raise PaperError("The paper was edited while it was being issued; it was not issued. Try again")
            current.issued_at, current.issued_by = paper.issued_at, user
            current.issued_pdf.name, current.issued_html.name = written
            current.issued_sha256, current.issued_html_sha256 = digest, html_digest
            save_recorded(current, reason=f"Issued; PDF SHA-256 {digest}", user=user)
            if on_issued is not None:
                on_issued(current)
    except BaseException:
        for name in written:
            storage.delete(name)
        raise
    return current


def _check_issuable(paper: Paper) -> None:
    if paper.is_issued:
        raise PaperError(
            f"version {paper.version} was issued on {uk_date(paper.issued_at)}; "
            "it cannot be issued again"
        )
    missing = missing_sections(paper)
    if missing:
        raise PaperIncomplete(missing)
    _checked_as_at(paper.plan, paper.as_at)


def issued_pdf_bytes(paper: Paper) -> bytes:
    """The issued file, byte for byte, after checking it still has the hash recorded at issue."""
    if not paper.is_issued or not paper.issued_pdf:
        raise PaperError("this paper has not been issued")
    with paper.issued_pdf.open("rb") as f:
        data = f.read()
    if hashlib.sha256(data).hexdigest() != paper.issued_sha256:
        raise PaperError("the stored PDF no longer matches the SHA-256 recorded when it was issued")
    return data


def issued_html(paper: Paper) -> str | None:
    """The issued paper's HTML content as stored at issue, after checking its SHA-256; None for a
    paper issued before HTML pages were kept (it is never made again from today's data)."""
    if not paper.is_issued:
        raise PaperError("this paper has not been issued")
    if not paper.issued_html:
        return None
    with paper.issued_html.open("rb") as f:
        data = f.read()
    if hashlib.sha256(data).hexdigest() != paper.issued_html_sha256:
        raise PaperError("the stored page no longer matches the SHA-256 recorded when it was issued")
    return data.decode("utf-8")


@transaction.atomic
def papers_load_samples(plan: Plan, data: dict, user=None) -> list[Paper]:
    """Create the fixture's sample papers (its "papers" list) as drafts, each as at its own date,
    after setting up the plan's paper types from them (paper_types_seed): each paper takes its
    title, meeting, portfolio, contact and appendices from its type, as a clerk's new paper does.

    Their sections are short structural wording (defaults.SAMPLES); the figures in their generated
    paragraphs come from the plan as at the paper's date. Recorded as written on that date.
    """
    for i, item in enumerate(data.get("papers", [])):
        if item.get("type") not in SAMPLES:
            raise PaperError(f"papers[{i}]: unknown sample paper type {item.get('type')!r}")
    paper_types_seed(plan, data, user=user)
    made = []
    for i, item in enumerate(data.get("papers", [])):
        sample = SAMPLES[item["type"]]
        try:
            as_at = date.fromisoformat(item["date"])
            meeting_date = date.fromisoformat(item.get("meeting_date") or item["date"])
        except (KeyError, TypeError, ValueError):
            raise PaperError(f"papers[{i}]: 'date' and 'meeting_date' must be YYYY-MM-DD") from None
        kind = sample["kind"]
        ptype = paper_type_for(plan, kind)
        appendices = list(ptype.appendices) if ptype else list(paper_type(kind).appendices)
        snapshot = plan_snapshot(plan, as_at)
        body = item.get("body") or paper_type(kind).meeting_body
        placed = Paper(plan=plan, kind=kind, meeting_body=body, meeting_date=meeting_date, as_at=as_at)
        generated = [] if kind == Kind.EXCEPTIONS else generated_paragraphs(
            snapshot, default_due_by(as_at), appendices, limit=ptype.red_actions_limit if ptype else None,
            baseline=paper_baseline(placed),
        )
        # The paper's own sections; what its type gives (portfolio, contact, appendices) it takes from there.
        fields = {name: sample[name] for name in EDITABLE
                  if name in sample and name != "considerations" and (ptype is None or name not in COPIED)}
        fields["considerations"] = join_paragraphs(
            sample.get("considerations_before", []), generated, sample.get("considerations_after", [])
        )
        if kind == Kind.EXCEPTIONS:
            fields.update(_sample_exceptions(snapshot, sample))
        made.append(
            paper_create_from_type(
                plan=plan, kind=kind, as_at=as_at, meeting_date=meeting_date,
                meeting_body=item.get("body"), title=item.get("title"), fill_generated=False,
                fields=fields, user=user, reason="Sample paper from the fixture", when=local_time(as_at, time(16)),
            )
        )
    return made


def _sample_exceptions(snapshot: PlanSnapshot, sample: dict) -> dict:
    actions = {a.reference: a for r in snapshot.recommendations for a in r.actions}
    items = []
    for chosen in sample.get("exceptions", []):
        action = actions.get(chosen["reference"])
        if action is not None:
            items.append({"action_id": action.id, **chosen})
    out = {"exceptions": items}
    if sample.get("overall_rag"):
        out["overall_rag"] = sample["overall_rag"]
    return out


__all__ = [
    "EDITABLE", "PaperError", "PaperIncomplete", "default_exceptions", "defaults", "issued_html", "issued_pdf_bytes",
    "latest_version", "paper_build", "paper_create_from_type", "paper_generated_text", "paper_issue",
    "paper_update", "papers_load_samples",
]
