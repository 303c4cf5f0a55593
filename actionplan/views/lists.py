from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django_tables2 import RequestConfig

from actionplan.filters import ActionFilter
from actionplan.models import Action
from actionplan.permissions import can_read
from actionplan.selectors.today import with_rag
from actionplan.tables import ActionTable

PER_PAGE = 25


@login_required
def action_list(request):
    if not can_read(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    base = with_rag(Action.objects.all(), today)
    action_filter = ActionFilter(request.GET or None, queryset=base)
    queryset = action_filter.qs if action_filter.is_bound else base
    table = ActionTable(queryset)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(
        request,
        "actionplan/action_list.html",
        {"filter": action_filter, "table": table, "today": today, "count": table.paginator.count},
    )
