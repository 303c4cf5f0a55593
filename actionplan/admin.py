"""Django admin for every model, each with its history (SimpleHistoryAdmin)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from actionplan import models as m
from actionplan.dates import note_date_words


class NoDeleteMixin:
    """Actions, recommendations and notes are cancelled, never deleted, so the record stays whole."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(m.Plan)
class PlanAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["title", "organisation", "status", "started_on"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(m.TimescaleGroup)
class TimescaleGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "plan", "order"]


@admin.register(m.Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["initials", "name", "job_title", "organisation", "plan", "user"]
    list_filter = ["plan"]
    search_fields = ["initials", "name"]


@admin.register(m.PartnerOrganisation)
class PartnerOrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "abbreviation", "plan"]


@admin.register(m.GlossaryTerm)
class GlossaryTermAdmin(SimpleHistoryAdmin):
    list_display = ["abbreviation", "meaning", "plan"]
    search_fields = ["abbreviation", "meaning"]


class SummaryInline(admin.TabularInline):
    model = m.RecommendationSummary
    extra = 0


@admin.register(m.Recommendation)
class RecommendationAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["number", "text", "group", "rag_override", "plan"]
    list_filter = ["plan", "group"]
    inlines = [SummaryInline]


@admin.register(m.RecommendationSummary)
class RecommendationSummaryAdmin(SimpleHistoryAdmin):
    list_display = ["recommendation", "date", "rag"]


class LeadInline(admin.TabularInline):
    model = m.ActionLead
    extra = 0


@admin.register(m.Action)
class ActionAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = [
        "reference",
        "description",
        "lead_text",
        "by_when_text",
        "due_date",
        "status",
        "date_flag",
    ]
    list_filter = ["status", "date_flag", "recommendation__plan"]
    search_fields = ["description", "lead_text", "by_when_text"]
    list_select_related = ["recommendation"]
    inlines = [LeadInline]


@admin.register(m.ActionLead)
class ActionLeadAdmin(SimpleHistoryAdmin):
    list_display = ["action", "person", "qualifier"]


@admin.register(m.ProgressNote)
class ProgressNoteAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["action", "date", "text", "author", "recorded_at"]
    search_fields = ["text"]

    @admin.display(description="Date", ordering="note_date")
    def date(self, note):
        """The note's date ("March 2006" when its text names only the month), or "Undated (in the plan as at …)":
        never a date its text does not give."""
        return note_date_words(note.note_date, note.recorded_at, month=note.note_date_is_month)


@admin.register(m.Evidence)
class EvidenceAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["action", "title", "original_name", "url", "uploaded_at"]


class TargetInline(admin.TabularInline):
    model = m.IndicatorTarget
    extra = 0


class ValueInline(admin.TabularInline):
    model = m.IndicatorValue
    extra = 0


@admin.register(m.Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "unit", "higher_is_better", "plan"]
    inlines = [TargetInline, ValueInline]


@admin.register(m.IndicatorTarget)
class IndicatorTargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "period", "value"]


@admin.register(m.IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "period", "value"]


@admin.register(m.Paper)
class PaperAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["title", "kind", "meeting_body", "meeting_date", "as_at", "issued_at", "version"]
    list_filter = ["plan", "kind"]
    # Issued papers are the record; publishing goes through its page, which asks why (services/paper_publishing.py).
    readonly_fields = [
        "issued_at", "issued_by", "issued_pdf", "issued_sha256", "issued_html", "issued_html_sha256", "public",
    ]


@admin.register(m.PaperType)
class PaperTypeAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["plan", "kind", "title", "meeting_body"]
    list_filter = ["plan", "kind"]


@admin.register(m.PaperAppendix)
class PaperAppendixAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    """A clerk's appendices: the file and its fingerprint are the record an issued paper was made from."""

    list_display = ["paper", "order", "title", "kind", "page_count"]
    list_filter = ["kind"]
    readonly_fields = ["file", "original_name", "size", "page_count", "landscape_pages", "sha256", "uploaded_by"]


@admin.register(m.PaperRender)
class PaperRenderAdmin(admin.ModelAdmin):
    """Background PDF jobs: operational records, read-only here."""

    list_display = ["paper", "kind", "status", "requested_by", "requested_at", "finished_at"]
    list_filter = ["status", "kind"]

    def has_change_permission(self, request, obj=None):
        return False
