"""The action list as a sortable, paginated GOV.UK table (django-tables2)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from actionplan.dates import uk_date
from actionplan.deadlines import date_flag_reason
from actionplan.models import Action
from actionplan.templatetags.govuk import rag_tag


class ActionTable(tables.Table):
    reference = tables.Column("Ref", accessor="pk", order_by=("recommendation__number", "position"))
    description = tables.Column("Action")
    leads = tables.Column("Lead", accessor="lead_text", order_by=("lead_text",))
    by_when_text = tables.Column("By when")
    due_date = tables.Column("Due")
    status = tables.Column("Status")
    rag_now = tables.Column("RAG", orderable=False)
    last_update = tables.Column("Last update")

    class Meta:
        model = Action
        fields = ()
        sequence = ("reference", "description", "leads", "by_when_text", "due_date", "status", "rag_now", "last_update")
        order_by = ("reference",)
        attrs = {"class": "govuk-table"}

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

    def render_rag_now(self, value):
        return rag_tag(value)

    def render_last_update(self, value):
        return uk_date(value)
