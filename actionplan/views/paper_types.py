"""A plan's paper types: the title, meeting, contact box and appendices a new paper of each kind starts
from. Clerks and plan managers (those who produce papers) set them up and change them; a change
reaches only papers made after it (services/paper_types.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from actionplan import permissions as perms
from actionplan.forms.papers import PaperTypeForm
from actionplan.forms.versions import reopened
from actionplan.models import Paper, PaperType
from actionplan.papers.context import APPENDIX_TITLES
from actionplan.selectors.history import last_save
from actionplan.services import paper_types
from actionplan.services.errors import StaleEdit
from actionplan.services.versions import unchanged_since


@login_required
def paper_type_list(request, slug):
    plan = perms.plan_for(request.user, slug, produce=True)
    saved = {t.kind: t for t in PaperType.objects.filter(plan=plan)}
    rows = []
    for kind, label in Paper.Kind.choices:
        ptype = saved.get(kind) or paper_types.paper_type_unsaved(plan, kind)
        rows.append({"kind": kind, "label": label, "type": ptype, "set_up": kind in saved,
                     "appendices": [APPENDIX_TITLES[a] for a in Paper.Appendix.values if a in ptype.appendices]})
    return render(request, "actionplan/papers/paper_type_list.html", {"plan": plan, "rows": rows})


@login_required
def paper_type_edit(request, slug, kind):
    plan = perms.plan_for(request.user, slug, produce=True)
    if kind not in Paper.Kind.values:
        raise Http404("No such kind of paper")
    ptype = paper_types.paper_type_for(plan, kind) or paper_types.paper_type_unsaved(plan, kind)
    form = PaperTypeForm(request.POST or None, instance=ptype)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            with unchanged_since(ptype, form.cleaned_data.get("version")):
                paper_types.paper_type_save(plan=plan, kind=kind, user=request.user, changes=form.changes())
        except StaleEdit as changed:
            stale = last_save(changed.current, request.user)
            reopened(form, changed.current)
        except paper_types.PaperTypeError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"{ptype.get_kind_display()} saved: new papers of this type start from it")
            return redirect("paper_type_list", slug=plan.slug)
    status = 409 if stale else (400 if request.method == "POST" else 200)
    return render(
        request, "actionplan/papers/paper_type_edit.html",
        {"plan": plan, "ptype": ptype, "form": form, "stale": stale}, status=status,
    )
