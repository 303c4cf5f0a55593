"""A paper's own appendices: a clerk adds text or uploads a PDF, edits or removes one while the paper is a
draft; whoever reads the paper downloads an uploaded one (stored under a generated name, served here only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from actionplan import permissions as perms
from actionplan.forms.appendices import AppendixPdfEditForm, AppendixPdfForm, AppendixTextForm
from actionplan.forms.versions import reopened
from actionplan.models import Paper, PaperAppendix
from actionplan.published import readable_by_anyone
from actionplan.selectors.history import last_save
from actionplan.services import appendices
from actionplan.services.errors import StaleEdit
from actionplan.services.versions import unchanged_since

KINDS = {"text": PaperAppendix.Kind.TEXT, "pdf": PaperAppendix.Kind.PDF}


def _back(paper: Paper):
    return redirect(reverse("paper_detail", args=[paper.pk]) + "#appendices")


def _issued(request, paper: Paper):
    messages.info(request, f"Version {paper.version} has been issued: its appendices do not change. Edit the "
                           f"paper to make version {paper.version + 1}, then change that version's appendices")
    return _back(paper)


def _next_order(paper: Paper) -> int:
    last = paper.free_appendices.order_by("-order").values_list("order", flat=True).first()
    return min((last or 0) + 1, 99)


# An upload is checked (pikepdf reads every page) and stored before its row is written: outside the
# request's transaction, so the file is removed if the row is not recorded (services/appendices.py).
@transaction.non_atomic_requests
@login_required
@require_http_methods(["GET", "POST"])
def appendix_add(request, pk, kind):
    paper = perms.paper_for(request.user, pk, produce=True)
    if kind not in KINDS:
        raise Http404("No such kind of appendix")
    if paper.is_issued:
        return _issued(request, paper)
    form_class = AppendixTextForm if kind == "text" else AppendixPdfForm
    form = form_class(request.POST or None, request.FILES or None, initial={"order": _next_order(paper)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "text":
                appendix = appendices.appendix_text_add(paper_id=paper.pk, user=request.user, title=data["title"],
                                                        order=data["order"], body=data["body"])
            else:
                appendix = appendices.appendix_pdf_add(
                    paper_id=paper.pk, user=request.user, title=data["title"], order=data["order"],
                    data=form.data_bytes, original_name=data["file"].name, checked=form.checked)
        except appendices.AppendixError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"Appendix '{appendix.title}' added to the paper")
            return _back(paper)
    return render(request, "actionplan/papers/appendix_form.html",
                  {"plan": paper.plan, "paper": paper, "form": form, "kind": kind, "adding": True},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def appendix_edit(request, pk, appendix_pk):
    appendix = perms.appendix_for(request.user, pk, appendix_pk, produce=True)
    paper = appendix.paper
    if paper.is_issued:
        return _issued(request, paper)
    form_class = AppendixTextForm if appendix.kind == PaperAppendix.Kind.TEXT else AppendixPdfEditForm
    form = form_class(request.POST or None, instance=appendix)
    stale = None
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form._meta.fields}
        try:
            with unchanged_since(appendix, form.cleaned_data["version"]) as current:
                appendices.appendix_update(appendix=current, user=request.user, changes=changes)
        except StaleEdit as changed:
            stale = last_save(changed.current, request.user)
            reopened(form, changed.current)
        except appendices.AppendixError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"Appendix '{changes['title']}' saved")
            return _back(paper)
    status = 409 if stale else (400 if form.errors else 200)
    return render(request, "actionplan/papers/appendix_form.html",
                  {"plan": paper.plan, "paper": paper, "form": form, "appendix": appendix, "stale": stale,
                   "kind": "text" if appendix.kind == PaperAppendix.Kind.TEXT else "pdf"}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def appendix_remove(request, pk, appendix_pk):
    appendix = perms.appendix_for(request.user, pk, appendix_pk, produce=True)
    paper = appendix.paper
    if paper.is_issued:
        return _issued(request, paper)
    if request.method == "POST":
        try:
            title = appendices.appendix_remove(appendix_id=appendix.pk, paper_id=paper.pk, user=request.user)
        except appendices.AppendixError as e:
            messages.info(request, str(e))
        else:
            messages.success(request, f"Appendix '{title}' removed from the paper")
        return _back(paper)
    return render(request, "actionplan/papers/appendix_remove.html",
                  {"plan": paper.plan, "paper": paper, "appendix": appendix})


def appendix_file(request, pk, appendix_pk):
    """The uploaded file, byte for byte: for whoever may read the paper, and for anyone once it is
    published (its web page links here), as the paper's own PDF is."""
    try:
        appendix = perms.appendix_for(request.user, pk, appendix_pk, published=True)
    except perms.SignInNeeded:
        return redirect_to_login(request.get_full_path())
    if appendix.kind != PaperAppendix.Kind.PDF:
        raise Http404("This appendix is text, not a file")
    response = FileResponse(appendix.file.open("rb"), as_attachment=True,
                            filename=appendix.original_name or "appendix.pdf", content_type="application/pdf")
    response["ETag"] = f'"{appendix.sha256}"'
    return readable_by_anyone(request, response)
