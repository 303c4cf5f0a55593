from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from actionplan.permissions import can_read
from actionplan.selectors.today import attention_counts, my_actions


@login_required
def home(request):
    today = timezone.localdate()
    actions = list(my_actions(request.user, today))
    return render(
        request,
        "actionplan/home.html",
        {
            "actions": actions,
            "attention": attention_counts(actions, today),
            "today": today,
            "can_read": can_read(request.user),
        },
    )
