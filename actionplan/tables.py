"""The action list as a sortable, paginated GOV.UK table (django-tables2)."""

import django_tables2 as tables
from django.db.models import F, Max, OuterRef, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from actionplan.asat import local_day
from actionplan.dates import uk_date
from actionplan.deadlines import date_flag_reason
from actionplan.models import Action, ProgressNote
from actionplan.selectors.today import with_rag
from actionplan.templatetags.govuk import rag_tag
from actionplan.updates import update_state


class ShownRows(tables.data.TableQuerysetData):
    """The list's rows: filtered, counted, ordered and cut to a page in the database on the plain queryset;
    then the RAG and the last note worked out for the rows of the page alone (`selectors.today.with_rag`)."""

    def __init__(self, queryset, on):
        super().__init__(queryset)
        self.on = on

    def __getitem__(self, key):
        rows = self.data[key]
        return with_rag(rows, self.on) if isinstance(key, slice) else with_rag([rows], self.on)[0]


class ActionTable(tables.Table):
    reference = tables.Column("Ref", accessor="pk", order_by=("recommendation__number", "position"))
    description = tables.Column("Action")
    leads = tables.Column("Lead", accessor="lead_text", order_by=("lead_text",))
    by_when_text = tables.Column("By when")
    due_date = tables.Column("Due")
    status = tables.Column("Status")
    rag_now = tables.Column("RAG", orderable=False)
    last_update = tables.Column("Last update")

    # Between a phone (where the rows stack) and a wide screen the table may scroll sideways in its region.
    region_label = "Actions"

    class Meta:
        model = Action
        fields = ()
        sequence = ("reference", "description", "leads", "by_when_text", "due_date", "status", "rag_now", "last_update")
        order_by = ("reference",)
        # Stacks into one card an action on a phone (reflow at 320 px, assets/scss/app.scss).
        attrs = {"class": "govuk-table app-table--stack"}

    def order_last_update(self, queryset, is_descending):
        """Sorting by the last update needs it for every row: a correlated seek on the note index, only then."""
        last = ProgressNote.objects.filter(action=OuterRef("pk")).order_by().values("action")
        latest = last.annotate(at=Max("recorded_at")).values("at")
        by = F("last_note_sort").desc(nulls_last=True) if is_descending else F("last_note_sort").asc(nulls_first=True)
        return queryset.annotate(last_note_sort=Subquery(latest)).order_by(by, "pk"), True

    def render_reference(self, record):
        url = reverse("action_detail", args=[record.pk])
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, record.reference)

    def render_description(self, value):
        return value if len(value) < 140 else value[:137] + "…"

    def render_leads(self, record):
        return record.lead_text or "No lead yet"

    def render_due_date(self, value, record):
        # A flagged date is not a deadline: say why instead of showing it (actionplan.deadlines).
        return date_flag_reason(record.date_flag) if record.date_flag else uk_date(value)

    def render_status(self, record):
        return record.get_status_display()

    def render_rag_now(self, value, record):
        """The RAG, and "No update received" beside it when nothing was recorded since it fell due."""
        state = update_state(
            status=record.status, due_date=record.due_date, date_flag=record.date_flag,
            last_update=local_day(record.last_update), on=timezone.localdate(),
        )
        return format_html("{}{}", rag_tag(value), render_to_string("actionplan/_update_marker.html", {"state": state}))

    def render_last_update(self, value):
        return uk_date(value)
