"""A person's own page: which of the optional reminder emails they receive."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from actionplan import permissions as perms
from actionplan.forms.reporting import NoticePreferenceForm
from actionplan.forms.versions import reopened
from actionplan.models import NoticePreference
from actionplan.selectors.history import last_save
from actionplan.services.errors import StaleEdit
from actionplan.services.reporting import notice_preferences_save
from actionplan.services.versions import unchanged_since


@login_required
def notice_preferences(request):
    """Anyone signed in may choose for themselves; the page changes nothing about anyone else."""
    current = NoticePreference.objects.filter(user=request.user).first() or NoticePreference(user=request.user)
    form = NoticePreferenceForm(request.POST if request.method == "POST" else None, instance=current)
    stale = None
    if request.method == "POST" and form.is_valid():
        choices = {name: form.cleaned_data[name] for name in NoticePreferenceForm.Meta.fields}
        try:
            with unchanged_since(current, form.cleaned_data.get("version")):
                notice_preferences_save(user=request.user, **choices)
        except StaleEdit as changed:
            stale = last_save(changed.current, request.user)
            reopened(form, changed.current)
        else:
            messages.success(request, "Your email choices are saved")
            return redirect("notice_preferences")
    return render(request, "actionplan/notice_preferences.html", {
        "form": form, "email": request.user.email, "is_manager": perms.can_manage(request.user), "stale": stale,
    }, status=409 if stale else (400 if form.errors else 200))
