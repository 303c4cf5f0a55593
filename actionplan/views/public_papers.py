"""HTML first (issue 12): an issued paper as a web page, a plan's published papers, the clerk's page that
publishes or withdraws one, and the accessibility statement.

These are the only pages that may open without signing in, and only for what a clerk has published: the
permission helpers (permissions.published_paper_for, published_papers_for) answer SignInNeeded for anything
else, and the view sends that visitor to sign in exactly as @login_required would, so a signed-out visitor
cannot tell a draft or an unpublished paper from one that does not exist. An issued paper's page shows the
HTML stored when it was issued (services/papers.issued_html): never made again from today's plan.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from actionplan import permissions as perms
from actionplan.forms.papers import PaperPublishForm
from actionplan.published import readable_by_anyone
from actionplan.services import paper_publishing, papers
from actionplan.services.errors import StaleEdit
from actionplan.services.versions import current_version, unchanged_since


def published_list(request, slug):
    try:
        plan, listed = perms.published_papers_for(request.user, slug)
    except perms.SignInNeeded:
        return redirect_to_login(request.get_full_path())
    return readable_by_anyone(request, render(
        request, "actionplan/papers/published_list.html", {"plan": plan, "papers": listed}
    ))


def paper_issued(request, pk):
    """The issued paper as a web page: the HTML stored at issue, the PDF beside it."""
    try:
        paper = perms.published_paper_for(request.user, pk)
    except perms.SignInNeeded:
        return redirect_to_login(request.get_full_path())
    if not paper.is_issued:  # a clerk on a draft: its preview is made from the plan now
        return redirect("paper_preview", pk=paper.pk)
    try:
        stored = papers.issued_html(paper)
    except papers.PaperError as e:
        return HttpResponse(f"{e}.", status=500, content_type="text/plain; charset=utf-8")
    return readable_by_anyone(request, render(
        request, "actionplan/papers/paper_issued.html",
        {
            "plan": paper.plan, "paper": paper,
            # Our own template's output, escaped when it was rendered and unchanged since (its SHA-256).
            "stored_html": mark_safe(stored) if stored is not None else None,  # noqa: S308
            "pdf_kb": max(1, round(paper.issued_pdf.size / 1024)) if paper.issued_pdf else None,
            "signed_in": request.user.is_authenticated,
            "can_publish": perms.can_produce_papers(request.user),
        },
    ))


@login_required
@require_http_methods(["GET", "POST"])
def paper_publish(request, pk):
    """Publish an issued paper or withdraw it (clerks and plan managers, as issuing), saying why."""
    paper = perms.paper_for(request.user, pk, produce=True)
    if not paper.is_issued:
        messages.info(request, "Only an issued paper can be published: issue it first")
        return redirect("paper_detail", pk=paper.pk)
    publishing = not paper.public
    form = PaperPublishForm(request.POST or None, publishing=publishing,
                            initial={"version": current_version(paper)})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                with unchanged_since(paper, form.cleaned_data["version"]):
                    paper_publishing.paper_set_public(
                        paper_id=paper.pk, user=request.user, public=publishing, why=form.cleaned_data["why"]
                    )
            except StaleEdit:
                form.add_error(None, "Someone else published or withdrew this paper, or issued it, since you "
                                     "opened this page. Nothing was changed: check it and try again.")
            except papers.PaperError as e:
                form.add_error("why", str(e))
            else:
                messages.success(request, "Published: anyone can read it without signing in" if publishing
                                 else "Withdrawn: it now needs signing in, like every other page")
                return redirect("paper_detail", pk=paper.pk)
        status = 409 if form.non_field_errors() else 400
    return render(request, "actionplan/papers/paper_publish.html",
                  {"plan": paper.plan, "paper": paper, "form": form, "publishing": publishing}, status=status)


def accessibility(request):
    return readable_by_anyone(request, render(request, "accessibility.html"))
