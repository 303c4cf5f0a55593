"""The action list as a sortable, paginated GOV.UK table: django-tables2 for the columns, the order and the
pages; the headers, the page's rows and the pagination written here (`ActionTable.header_cells`, `page_rows`,
`pagination`) into templates/actionplan/_action_table.html. ActionTable is the project's one table, so there
is no project-wide table template."""

import html
from collections.abc import Callable
from typing import Any

import django_tables2 as tables
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from actionplan.asat import local_day
from actionplan.dates import uk_date
from actionplan.deadlines import date_flag_reason
from actionplan.models import Action
from actionplan.pagination import govuk_pagination
from actionplan.selectors.today import with_rag
from actionplan.templatetags.govuk import rag_tag
from actionplan.updates import update_state

# What an empty cell shows (django-tables2's default, so the list reads as it always has).
EMPTY = "—"


# What the cells read of an action (`_cells`, `with_rag`): a page's 25 actions are built from these alone,
# and their recommendation's number (ShownRows).
SHOWN = (
    "position",
    "description",
    "lead_text",
    "by_when_text",
    "due_date",
    "date_flag",
    "status",
    "rag_override",
)


class ShownRows(tables.data.TableQuerysetData):
    """The list's rows: filtered, counted, ordered and cut to a page in the database on the plain queryset;
    then the RAG and the last note worked out for the rows of the page alone (`selectors.today.with_rag`)."""

    def __init__(self, queryset, on):
        super().__init__(queryset.only(*SHOWN))
        self.on = on

    def order_by(self, aliases):
        """The order asked for, then the action's id: every sort but "Last update" has ties (the same reference in
        two plans, the same status or lead), and rows tied at a page's edge could otherwise come back on two pages
        or on none (PostgreSQL's top-N sort is not stable)."""
        super().order_by(aliases)
        if "pk" not in self.data.query.order_by:
            self.data = self.data.order_by(*self.data.query.order_by, "pk")

    def __getitem__(self, key):
        # The recommendation's number read as a column of the page's rows (for the reference), rather than
        # its row read and built for each (select_related): a quarter of the page query's time (issue 14).
        # Added here, after the count, which it would otherwise join the recommendations for.
        rows = self.data.annotate(recommendation_number=F("recommendation__number"))[key]
        return with_rag(rows, self.on) if isinstance(key, slice) else with_rag([rows], self.on)[0]


# A sortable header's aria-sort (which also turns its arrow, assets/scss/app.scss) and its classes: the
# "asc", "desc" and "orderable" django-tables2 gave it, kept though no style reads them.
SORT_STATES = {"ascending": "asc orderable", "descending": "desc orderable", "none": "orderable"}
HEADER = '<th scope="col" class="govuk-table__header">\n          {}\n        </th>'
SORTABLE_HEADER = (
    '<th scope="col" class="govuk-table__header {}" aria-sort="{}">\n'
    '          <a class="app-table__sort-link" href="{}">{}</a>\n'
    "        </th>"
)


class ActionTable(tables.Table):
    reference = tables.Column("Ref", accessor="pk", order_by=("recommendation__number", "position"))
    description = tables.Column("Action")
    leads = tables.Column("Lead", accessor="lead_text", order_by=("lead_text",))
    by_when_text = tables.Column("By when")
    due_date = tables.Column("Due")
    status = tables.Column("Status")
    rag_now = tables.Column("RAG", orderable=False)
    # Sorted on the time kept on the action (Action.last_note_at, one indexed column), not on its notes.
    last_update = tables.Column("Last update")

    class Meta:
        model = Action
        fields = ()
        sequence = ("reference", "description", "leads", "by_when_text", "due_date", "status", "rag_now", "last_update")
        order_by = ("reference",)
        template_name = "actionplan/_action_table.html"

    def order_last_update(self, queryset, is_descending):
        """Never-updated actions last when the newest come first, first when the oldest do; ties by id."""
        at = F("last_note_at")
        return queryset.order_by(at.desc(nulls_last=True) if is_descending else at.asc(nulls_first=True), "pk"), True

    def header_cells(self) -> SafeString:
        """The header row's cells, written here once a page rather than by the template once a column (its
        tags and lookups took a visible part of the list's time, issue 14). A sortable column's header is a
        link to the list sorted by it (or the other way, when it is the sort now) on its first page: the
        other query parameters kept where they stood, the page dropped, the sort set (added last when new).
        Each has aria-sort: "ascending" or "descending" for the current sort, else "none"."""
        query = dict(self.request.GET.lists())
        query.pop(self.prefixed_page_field, None)
        cells = []
        for column in self.columns:
            if not column.orderable:
                cells.append(format_html(HEADER, column.header))
                continue
            alias = column.order_by_alias
            state = ("descending" if alias.is_descending else "ascending") if column.is_ordered else "none"
            href = "?" + urlencode({**query, self.prefixed_order_by_field: alias.next}, doseq=True)
            cells.append(format_html(SORTABLE_HEADER, SORT_STATES[state], state, href, column.header))
        return mark_safe("\n        ".join(cells))  # each value escaped by format_html

    def page_rows(self) -> SafeString:
        """The page's rows (django-tables2's "even" and "odd" classes on them), each cell rendered by the
        functions below called directly. django-tables2's own cell rendering (a signature inspected and
        attributes merged for each of the 200 cells) took most of the list's time (issue 14); an empty
        value shows EMPTY, as there. Each cell is a GOV.UK table cell with its column's header as data-label
        (shown above it on a phone, where the rows stack) but the first."""
        # Each cell's <td>: written here once a column rather than once a cell (issue 14).
        openings = ['<td class="govuk-table__cell">'] + [
            format_html('<td class="govuk-table__cell" data-label="{}">', column.header)
            for column in list(self.columns)[1:]
        ]
        by_name = _cells(timezone.localdate())
        cells = [by_name[column.name] for column in self.columns]
        rows = []
        for number, row in enumerate(self.page.object_list):
            record = row.record
            values = [
                (show(record, value) if value not in (None, "") else EMPTY)
                for value, show in ((get(record), show) for get, show in cells)
            ]
            html = "".join(f"{opening}{value}</td>" for opening, value in zip(openings, values, strict=True))
            parity = "even" if number % 2 == 0 else "odd"
            rows.append(f'<tr class="govuk-table__row {parity}">\n        {html}\n      </tr>')
        return mark_safe("\n      ".join(rows))  # each value escaped by _cells

    def pagination(self) -> SafeString:
        """GOV.UK pagination under the table (actionplan.pagination), its links keeping the query."""
        return govuk_pagination(self.page, self.request.GET, self.prefixed_page_field)


_PK_PLACEHOLDER = 918273645  # no other part of an action's URL holds these digits

# For a column: what its cell reads from the row, and its HTML for that value (when there is one).
Cell = tuple[Callable[[Action], object], Callable[[Action, Any], str]]


def _text(value) -> str:
    """A cell's value as HTML: what conditional_escape makes of it, written out. django's escape checks
    each call's arguments for lazy strings, a visible part of the rows' time for a page's 150 values
    (issue 14); str() gives a lazy label's words all the same."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _once(show: Callable[[Any], str]) -> Callable[[Any], str]:
    """`show`, remembering what it gave for each value."""
    shown: dict[Any, str] = {}

    def once(value) -> str:
        if value not in shown:
            shown[value] = show(value)
        return shown[value]

    return once


def _cells(today) -> dict[str, Cell]:
    """For each column: what its cell reads from the row, and how it shows it (escaped here)."""
    # Worked out once a page for each value, not once a row (a page holds a few of each).
    marker = _once(lambda state: render_to_string("actionplan/_update_marker.html", {"state": state}))
    tag = _once(rag_tag)
    status_words = _once(lambda status: Action(status=status).get_status_display())  # Django's own words

    def rag(record, value) -> str:
        """The RAG, and "No update received" beside it when nothing was recorded since it fell due."""
        state = update_state(
            status=record.status,
            due_date=record.due_date,
            date_flag=record.date_flag,
            last_update=local_day(record.last_update),
            on=today,
        )
        return f"{tag(value)}{marker(state)}"  # both HTML

    # reverse() once a page (so a SCRIPT_NAME prefix of this request is kept), the row's pk put in its place:
    # reversing for each of the 50 rows was a visible part of the list's time (issue 14).
    before, after = (
        html.escape(part) for part in reverse("action_detail", args=[_PK_PLACEHOLDER]).split(str(_PK_PLACEHOLDER))
    )

    return {
        "reference": (
            lambda a: a.pk,
            lambda a, pk: (
                f'<a class="govuk-link" href="{before}{pk}{after}">'
                f"{_text(Action.reference_of(a.recommendation_number, a.position))}</a>"
            ),
        ),
        "description": (lambda a: a.description, lambda a, text: _text(text if len(text) < 140 else text[:137] + "…")),
        "leads": (lambda a: a.lead_text, lambda a, text: _text(text)),
        "by_when_text": (lambda a: a.by_when_text, lambda a, text: _text(text)),
        # A flagged date is not a deadline: say why instead of showing it (actionplan.deadlines).
        "due_date": (
            lambda a: a.due_date,
            lambda a, day: _text(date_flag_reason(a.date_flag) if a.date_flag else uk_date(day)),
        ),
        "status": (lambda a: status_words(a.status), lambda a, words: _text(words)),
        "rag_now": (lambda a: a.rag_now, rag),
        "last_update": (lambda a: a.last_update, lambda a, at: _text(uk_date(at))),
    }
