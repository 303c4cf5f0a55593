"""Excel in and out from the browser: export a plan or a filtered list (also as CSV); import with a dry run first.

An upload waits on the server between the dry run and the confirmation, for the person
who uploaded it only (services.imports). Confirming works the changes out again from the
file and the plan as they are then; nothing the browser sends back is trusted except the
dry run's fingerprint, which only stops the import if the plan changed in between.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from actionplan import permissions as perms
from actionplan.action_csv import actions_csv
from actionplan.excel.export import export_actions_xlsx, export_plan_xlsx
from actionplan.excel.importer import workbook_import
from actionplan.filters import ActionFilter
from actionplan.forms.excel import ImportForm, PlanExportForm
from actionplan.services.imports import PendingImports

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _workbook_response(write, filename: str) -> FileResponse:
    buffer = BytesIO()
    write(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=filename, content_type=XLSX)


@login_required
def plan_export_xlsx(request, slug):
    """The plan as a workbook; ?as_at=YYYY-MM-DD for the plan as it stood at the end of that day."""
    plan = perms.plan_for(request.user, slug)
    form = PlanExportForm(request.GET, plan=plan)
    if not form.is_valid():
        messages.error(request, f"The workbook could not be made. {form.errors['as_at'][0]}")
        return redirect("plan_detail", slug=slug)
    day = form.cleaned_data["as_at"]
    stamp = (day or timezone.localdate()).isoformat()
    return _workbook_response(
        lambda out: export_plan_xlsx(plan, out, as_at=day, user=request.user), f"{plan.slug}-{stamp}.xlsx"
    )


def _describe(action_filter: ActionFilter) -> str:
    """The filters in words, for the workbook's About sheet."""
    if not action_filter.is_bound or not action_filter.form.is_valid():
        return "All actions"
    parts = []
    for name, value in action_filter.form.cleaned_data.items():
        if value in (None, "", [], False):
            continue
        field = action_filter.form.fields[name]
        if isinstance(value, list | tuple):
            labels = dict(getattr(field, "choices", []))
            value = ", ".join(str(labels.get(v, v)) for v in value)
        parts.append(f"{field.label or name}: {value}")
    return "; ".join(parts) or "All actions"


def _listed_actions(request) -> tuple[ActionFilter, object]:
    """The action list's filter and its actions, filtered exactly as on the page (same query string)."""
    actions = perms.actions_for(request.user)
    action_filter = ActionFilter(request.GET or None, queryset=actions)
    return action_filter, action_filter.qs if action_filter.is_bound else actions


@login_required
def action_list_export_xlsx(request):
    """The action list, filtered exactly as on the page (same query string), as a workbook."""
    action_filter, queryset = _listed_actions(request)
    ids = list(queryset.values_list("pk", flat=True))
    description = _describe(action_filter)
    return _workbook_response(
        lambda out: export_actions_xlsx(ids, out, user=request.user, description=description),
        f"actions-{timezone.localdate().isoformat()}.xlsx",
    )


@login_required
def action_list_export_csv(request):
    """The action list, filtered exactly as on the page, as CSV: its columns and each action's latest note."""
    _, queryset = _listed_actions(request)
    response = HttpResponse(actions_csv(queryset, timezone.localdate()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="actions-{timezone.localdate().isoformat()}.csv"'
    return response


def _preview(request, report, *, token, plan, status=200):
    return render(
        request,
        "actionplan/excel_import_preview.html",
        {"report": report, "counts": report.counts, "token": token, "plan": plan,
         "changes": report.change_lines(), "list_at_most": 200},
        status=status,
    )


@login_required
def plan_import(request, slug=None):
    """Step 1: choose a workbook; see the dry run (what would change, and any problems)."""
    plan = perms.import_page_for(request.user, slug)
    form = ImportForm(request.POST or None, request.FILES or None, new_plan=plan is None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        uploads = PendingImports(request.session)
        token = uploads.store(upload)
        target = slug or data.get("slug") or None
        if target and plan is None:
            perms.import_target_for(request.user, target)
        report = workbook_import(
            uploads.path(token), file_name=Path(upload.name).name, plan_slug=target,
            user=request.user, create_people=data["create_people"], dry_run=True,
            structure_allowed=perms.can_import_structure(request.user),
        )
        if report.result is None and all(not p.sheet for p in report.problems):
            # not a workbook we can read at all: say so next to the field
            uploads.forget(token)
            for problem in report.problems:
                form.add_error("file", problem.message)
        elif not report.ok or not report.has_changes:
            uploads.forget(token)
            return _preview(request, report, token=None, plan=plan, status=400 if not report.ok else 200)
        else:
            uploads.remember(token, name=report.file_name, slug=report.result.slug,
                             create_people=data["create_people"])
            return _preview(request, report, token=token, plan=plan)
    return render(
        request, "actionplan/excel_import.html", {"form": form, "plan": plan},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def plan_import_apply(request, token):
    """Step 2: the person confirms the dry run; the import is worked out again and applied in one go."""
    if not perms.can_import_updates(request.user):
        raise PermissionDenied
    uploads = PendingImports(request.session)
    pending = uploads.get(token)
    if pending is None:  # already imported, or never uploaded in this session
        messages.error(request, "There is no workbook waiting to be imported: choose the workbook again")
        return redirect("plan_import_new")
    slug = pending["slug"]
    plan = perms.import_target_for(request.user, slug)
    path = uploads.path(token)
    if not path.exists():
        uploads.forget(token)
        messages.error(request, "The uploaded workbook is no longer here (it is kept for a day): upload it again")
        return redirect("plan_import", slug=slug) if plan else redirect("plan_import_new")
    report = workbook_import(
        path, file_name=pending["name"], plan_slug=slug, user=request.user,
        create_people=pending["create_people"], dry_run=False,
        expected_fingerprint=request.POST.get("fingerprint", ""),
        structure_allowed=perms.can_import_structure(request.user),
    )
    if not report.applied:
        if not report.ok:
            uploads.forget(token)
        return _preview(request, report, token=token if report.ok else None, plan=plan,
                        status=409 if report.stale else 400)
    uploads.forget(token)
    c = report.counts
    messages.success(
        request,
        f"Imported {report.file_name}: {_count(c['new_actions'], 'new action')}, {c['changed_actions']} changed, "
        f"{_count(c['new_notes'], 'new progress note')}. Each change is in the history as "
        f"'Imported from {report.file_name}'.",
    )
    return redirect("plan_detail", slug=slug)
