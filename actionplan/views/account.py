"""A person's own page: which of the optional reminder emails they receive."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from actionplan import permissions as perms
from actionplan.forms.reporting import NoticePreferenceForm
from actionplan.models import NoticePreference
from actionplan.services.reporting import notice_preferences_save


@login_required
def notice_preferences(request):
    """Anyone signed in may choose for themselves; the page changes nothing about anyone else."""
    current = NoticePreference.objects.filter(user=request.user).first() or NoticePreference(user=request.user)
    form = NoticePreferenceForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST" and form.is_valid():
        notice_preferences_save(user=request.user, **form.cleaned_data)
        messages.success(request, "Your email choices are saved")
        return redirect("notice_preferences")
    return render(request, "actionplan/notice_preferences.html", {
        "form": form, "email": request.user.email, "is_manager": perms.can_manage(request.user),
    })
