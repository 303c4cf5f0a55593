"""The shapes the API answers with, for the OpenAPI schema. The plan's own shapes are
selectors/plan_export.py's (the export's), documented here field by field; the API adds ids and links."""

from __future__ import annotations

from rest_framework import serializers as s


class NoteSerializer(s.Serializer):
    date = s.DateField(allow_null=True, help_text="The day the note refers to; null when its text gives none")
    date_precision = s.ChoiceField(["day", "month"], allow_null=True,
                                   help_text="month: the sources name only the month (date is its last day)")
    recorded_on = s.DateField(allow_null=True, help_text="The day the note was recorded")
    text = s.CharField()
    author = s.CharField(help_text="The author's initials, or empty")


class ActionExportSerializer(s.Serializer):
    reference = s.CharField(help_text='"13.2": recommendation 13, action 2')
    description = s.CharField()
    leads = s.ListField(child=s.CharField(), help_text="The leads' initials, in order")
    lead_as_written = s.CharField(help_text='The lead cell as the plan wrote it ("no lead yet" when empty)')
    by_when = s.CharField(help_text="By when, as written in the plan")
    start_date = s.DateField(allow_null=True, help_text="Derived from by_when")
    due_date = s.DateField(allow_null=True, help_text="Derived from by_when")
    recurrence = s.CharField(allow_null=True)
    date_flag = s.CharField(allow_null=True, help_text="Why the derived date is not counted (unread, implausible, "
                                                       "no deadline); null when it is")
    status = s.CharField()
    completed_on = s.DateField(allow_null=True)
    completed_on_precision = s.ChoiceField(["day", "month"], allow_null=True)
    completion_recorded_on = s.DateField(allow_null=True)
    rag = s.CharField(allow_null=True, help_text="The action's RAG (a person's, else the suggestion); null once "
                                                 "cancelled")
    update_state = s.CharField(help_text="current, or no_update: past its due date with no note since")
    rag_basis = s.CharField(help_text="What the RAG rests on, in words")
    partners = s.CharField()
    capacity = s.CharField()
    success_criteria = s.CharField()
    notes = NoteSerializer(many=True, help_text="Progress notes, newest first")


class ReportedRagSerializer(s.Serializer):
    rag = s.CharField()
    date = s.DateField()
    source = s.CharField()
    reason = s.CharField()
    by = s.CharField(allow_null=True)


class SummarySerializer(s.Serializer):
    date = s.DateField()
    text = s.CharField()
    rag = s.CharField(allow_null=True)


class RecommendationExportSerializer(s.Serializer):
    number = s.IntegerField()
    text = s.CharField()
    group = s.CharField(help_text="The timescale group")
    rag = s.CharField(allow_null=True, help_text="The reported RAG when there is one, else the actions' suggestion")
    reported_rag = ReportedRagSerializer(allow_null=True)
    suggested_rag = s.CharField(allow_null=True, help_text="The roll-up of the actions' RAGs")
    rag_difference = s.CharField(allow_null=True, help_text="Why reported and suggested differ; null when they agree")
    summary = SummarySerializer(allow_null=True, help_text="The latest summary of progress")


class RecommendationWithActionsSerializer(RecommendationExportSerializer):
    actions = ActionExportSerializer(many=True)


class ReturnSerializer(s.Serializer):
    reference = s.CharField()
    leads = s.ListField(child=s.CharField())
    state = s.CharField()
    received_at = s.DateTimeField(allow_null=True)


class ReportingRoundSerializer(s.Serializer):
    meeting = s.CharField()
    meets_on = s.DateField()
    report_on = s.DateField()
    opens_on = s.DateField()
    deadline = s.DateField()
    returns = ReturnSerializer(many=True)


class PlanExportSerializer(s.Serializer):
    """Exactly `manage.py export_plan PLAN --format json [--as-at DAY]`."""

    plan = s.CharField()
    slug = s.SlugField()
    organisation = s.CharField()
    as_at = s.DateField()
    recommendations = RecommendationWithActionsSerializer(many=True)
    reporting_round = ReportingRoundSerializer(allow_null=True)


class PlanSerializer(s.Serializer):
    slug = s.SlugField()
    title = s.CharField()
    organisation = s.CharField()
    started_on = s.DateField()
    url = s.URLField(help_text="This plan as at the day asked (the export's document)")
    page = s.URLField(help_text="The plan's page in jartracker")


class RecommendationSerializer(RecommendationExportSerializer):
    plan = s.SlugField()
    live_actions = s.IntegerField(help_text="Actions not cancelled")
    completed_actions = s.IntegerField()
    url = s.URLField()


class RecommendationDetailSerializer(RecommendationSerializer):
    summaries = SummarySerializer(many=True, help_text="Every summary of progress as then recorded, latest first")


class ActionSerializer(ActionExportSerializer):
    id = s.IntegerField()
    plan = s.SlugField()
    recommendation = s.IntegerField(help_text="The recommendation's number")
    suggested_rag = s.CharField(allow_null=True, help_text="The RAG the rules suggest")
    rag_override_reason = s.CharField(help_text="Why a person chose a RAG other than the suggestion")
    last_update = s.DateField(allow_null=True, help_text="The day the latest progress note was recorded")
    url = s.URLField()
    page = s.URLField(help_text="The action's page in jartracker")


class ActionDetailSerializer(ActionSerializer):
    version = s.IntegerField(help_text="The action's current version: send it back with a progress update")


class EvidenceSerializer(s.Serializer):
    id = s.IntegerField()
    title = s.CharField()
    link = s.URLField(allow_null=True, help_text="The evidence's address, when it is a link")
    file_name = s.CharField(allow_null=True)
    content_type = s.CharField(allow_null=True)
    size = s.IntegerField(allow_null=True, help_text="Bytes")
    uploaded_on = s.DateField(allow_null=True)
    download = s.URLField(allow_null=True, help_text="The file, through jartracker's signed-in download page "
                                                    "(the same permission check as the pages)")


class PersonSerializer(s.Serializer):
    id = s.IntegerField()
    initials = s.CharField()
    name = s.CharField()
    job_title = s.CharField()


class GlossaryTermSerializer(s.Serializer):
    abbreviation = s.CharField()
    meaning = s.CharField()


class FigureSerializer(s.Serializer):
    period = s.CharField()
    period_end = s.DateField(allow_null=True)
    value = s.DecimalField(max_digits=14, decimal_places=4, allow_null=True, coerce_to_string=False)
    target = s.DecimalField(max_digits=14, decimal_places=4, allow_null=True, coerce_to_string=False)
    target_period = s.CharField(help_text="The period of the target that applies")
    rag = s.CharField(allow_null=True)
    note = s.CharField()


class IndicatorSerializer(s.Serializer):
    id = s.IntegerField()
    code = s.CharField()
    title = s.CharField()
    unit = s.CharField()
    higher_is_better = s.BooleanField()
    rag = s.CharField(allow_null=True, help_text="The latest value's RAG against its target")
    figures = FigureSerializer(many=True, help_text="One per period with a value or a target, in period order")


class PaperSerializer(s.Serializer):
    id = s.IntegerField()
    kind = s.CharField()
    title = s.CharField()
    meeting_body = s.CharField()
    as_at = s.DateField(allow_null=True)
    issued_on = s.DateField()
    supersedes = s.IntegerField(allow_null=True)
    public = s.BooleanField(help_text="Published: its web page and PDF open without signing in")
    html = s.URLField(allow_null=True, help_text="The issued paper as a web page (the same words as its PDF, stored "
                                                  "at issue); null for a paper issued before web pages were kept")
    pdf = s.URLField(help_text="The issued PDF")
    page = s.URLField(help_text="The paper's page in jartracker (drafting, issuing, publishing)")
