"""Clerk pages for committee papers: list, create from a type, edit, preview, download, issue.

Readers see and download issued papers; clerks and plan managers also see drafts, and create,
edit and issue them. An issued paper's PDF is served byte for byte from the stored file. No PDF
is made inside a request: a draft's download and an issue are queued for the background worker
(services/paper_renders.py) and followed on views/paper_renders.py's progress page.
"""

from __future__ import annotations

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from actionplan import permissions as perms
from actionplan.forms.papers import KIND_HINTS, PaperCreateForm, PaperForm
from actionplan.forms.versions import reopened
from actionplan.models import Paper, PaperRender
from actionplan.papers.context import ordered_appendices
from actionplan.papers.defaults import missing_sections
from actionplan.papers.render import render_paper_body
from actionplan.published import readable_by_anyone
from actionplan.selectors.history import last_save, paper_history
from actionplan.selectors.snapshot import plan_snapshot
from actionplan.services import paper_renders, papers
from actionplan.services.errors import StaleEdit
from actionplan.services.versions import unchanged_since


@login_required
def paper_list(request, slug):
    plan = perms.plan_for(request.user, slug)
    listed = perms.papers_for(request.user, plan).select_related("issued_by")
    return render(
        request, "actionplan/papers/paper_list.html",
        {"plan": plan, "papers": list(listed.order_by("-meeting_date", "-version", "-pk")),
         "can_produce": perms.can_produce_papers(request.user)},
    )


@login_required
def paper_create(request, slug):
    plan = perms.plan_for(request.user, slug, produce=True)
    form = PaperCreateForm(request.POST or None, plan=plan, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            paper = papers.paper_create_from_type(
                plan=plan, kind=data["kind"], as_at=data["as_at"], meeting_date=data["meeting_date"],
                meeting_body=data["meeting_body"] or None, title=data["title"] or None,
                fill_generated=data["fill_generated"], user=request.user, areas=form.areas(),
            )
        except papers.PaperError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"{paper.get_kind_display()} created as a draft: check and edit its sections")
            return redirect("paper_edit", pk=paper.pk)
    return render(
        request, "actionplan/papers/paper_create.html",
        {"plan": plan, "form": form, "kind_hints": KIND_HINTS},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def paper_detail(request, pk):
    paper = perms.paper_for(request.user, pk)
    clerk = perms.can_produce_papers(request.user)
    versions = [paper]
    older = paper.supersedes
    while older is not None:
        versions.append(older)
        older = older.supersedes
    newer = papers.latest_version(paper)
    history = paper_history(paper)
    return render(
        request, "actionplan/papers/paper_detail.html",
        {
            "plan": paper.plan, "paper": paper, "can_produce": clerk,
            "missing": missing_sections(paper) if clerk and not paper.is_issued else [],
            "older_versions": versions[1:], "newer": newer if newer.pk != paper.pk else None,
            "history": history,
            "free_appendices": list(paper.free_appendices.all()),
            "generated_count": len(ordered_appendices(paper)),
        },
    )


@login_required
def paper_edit(request, pk):
    paper = perms.paper_for(request.user, pk, produce=True)
    if paper.is_issued:
        newer = papers.latest_version(paper)
        if newer.pk != paper.pk:
            messages.info(request, f"Version {paper.version} was issued; you are editing version {newer.version}")
            return redirect("paper_edit", pk=newer.pk)
    snapshot = plan_snapshot(paper.plan, paper.as_at) if paper.kind == Paper.Kind.EXCEPTIONS else None
    status, stale = 200, None
    if request.method == "POST":
        form = PaperForm(request.POST, instance=paper, snapshot=snapshot)
        if "generate" in request.POST:
            # Insert freshly generated paragraphs into what the clerk typed; nothing is saved yet. Validating
            # first puts the dates and choices as typed (those that are valid) on the unsaved instance, so the
            # paragraphs count what the form shows.
            form.is_valid()
            data = request.POST.copy()
            typed = data.get("considerations", "").rstrip()
            data["considerations"] = f"{typed}\n\n{papers.paper_generated_text(paper)}".strip()
            form = PaperForm(data=data, instance=paper, snapshot=snapshot)
            form.errors  # noqa: B018 - validate so the page shows any problems beside the fields
            messages.info(request, "Generated paragraphs added at the end of the considerations: check them, then save")
        elif form.is_valid():
            try:
                with unchanged_since(paper, form.cleaned_data["version"]):
                    saved = papers.paper_update(paper_id=paper.pk, user=request.user, changes=form.changes())
            except StaleEdit as changed:
                stale = last_save(changed.current, request.user)
                reopened(form, changed.current)
            except papers.PaperError as e:
                form.add_error(None, str(e))
            else:
                if saved.pk != paper.pk:
                    messages.success(
                        request, f"Saved as version {saved.version}; issued version {paper.version} is unchanged"
                    )
                else:
                    messages.success(request, "Paper saved")
                return redirect("paper_detail", pk=saved.pk)
        status = 409 if stale else (400 if form.errors else 200)
    else:
        form = PaperForm(instance=paper, snapshot=snapshot)
    return render(
        request, "actionplan/papers/paper_edit.html",
        {"plan": paper.plan, "paper": paper, "form": form, "stale": stale}, status=status,
    )


# Rendering takes seconds: these views run outside the request's transaction so that they do not
# hold the database's write lock (SQLite, IMMEDIATE transactions) while WeasyPrint works.
@transaction.non_atomic_requests
@login_required
def paper_preview(request, pk):
    """The paper's content as HTML, from the same body template as the PDF."""
    paper = perms.paper_for(request.user, pk)
    ctx = render_paper_body(paper)
    ctx.update({"can_produce": perms.can_produce_papers(request.user)})
    return render(request, "actionplan/papers/paper_preview.html", ctx)


def _filename(paper: Paper) -> str:
    return f"{paper.plan.slug}-{slugify(paper.get_kind_display())}-{paper.meeting_date:%Y-%m-%d}-v{paper.version}.pdf"


@transaction.non_atomic_requests
def paper_pdf(request, pk):
    """Issued: the stored file, byte for byte, with its SHA-256 (a published one for anyone, signed in or
    not). Draft (clerks only): POST queues the PDF for the background worker and shows its progress; GET
    offers the button."""
    try:
        paper = perms.published_paper_for(request.user, pk)
    except perms.SignInNeeded:
        return redirect_to_login(request.get_full_path())
    if not paper.is_issued:
        if request.method == "POST":
            job = paper_renders.render_start(paper=paper, user=request.user, kind=PaperRender.Kind.DRAFT)
            return redirect("paper_render", pk=paper.pk, render_pk=job.pk)
        return render(request, "actionplan/papers/paper_pdf_prepare.html", {"plan": paper.plan, "paper": paper})
    try:
        data = papers.issued_pdf_bytes(paper)
    except papers.PaperError as e:
        return HttpResponse(f"{e}.", status=500, content_type="text/plain; charset=utf-8")
    digest = base64.b64encode(bytes.fromhex(paper.issued_sha256)).decode()
    response = HttpResponse(data, content_type="application/pdf")
    response["Repr-Digest"] = f"sha-256=:{digest}:"
    response["ETag"] = f'"{paper.issued_sha256}"'
    response["Content-Disposition"] = f'attachment; filename="{_filename(paper)}"'
    return readable_by_anyone(request, response)


@transaction.non_atomic_requests
@login_required
@require_http_methods(["GET", "POST"])
def paper_issue(request, pk):
    paper = perms.paper_for(request.user, pk, produce=True)
    if paper.is_issued:
        messages.info(request, f"Version {paper.version} is already issued")
        return redirect("paper_detail", pk=paper.pk)
    errors = []
    if request.method == "POST":
        # Empty sections are named here and now; the PDF is made and stored by the background
        # worker (paper_issue, unchanged), whose progress page reports any other refusal.
        missing = missing_sections(paper)
        if missing:
            errors = [f"{name} is empty: fill it in before issuing" for name in missing]
        else:
            job = paper_renders.render_start(paper=paper, user=request.user, kind=PaperRender.Kind.ISSUE)
            return redirect("paper_render", pk=paper.pk, render_pk=job.pk)
    return render(
        request, "actionplan/papers/paper_issue.html",
        {"plan": paper.plan, "paper": paper, "errors": errors, "missing": missing_sections(paper)},
        status=400 if errors else 200,
    )
