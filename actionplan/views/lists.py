"""The action list across plans: sortable, filterable, paginated."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django_tables2 import RequestConfig

from actionplan import permissions as perms
from actionplan.filters import ActionFilter
from actionplan.selectors.today import with_rag
from actionplan.tables import ActionTable

PER_PAGE = 25


@login_required
def action_list(request):
    today = timezone.localdate()
    base = with_rag(perms.actions_for(request.user), today)
    action_filter = ActionFilter(request.GET or None, queryset=base)
    queryset = action_filter.qs if action_filter.is_bound else base
    table = ActionTable(queryset)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(
        request,
        "actionplan/action_list.html",
        {"filter": action_filter, "table": table, "today": today, "count": table.paginator.count},
    )
