"""Recording progress through the API: the progress form's checks (forms/actions.py ProgressForm),
the form's service (services/progress.py), its permission (permissions.action_for) and its version
check; every history row it writes says "via API (token NAME)"."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework import serializers as s
from rest_framework.response import Response

from actionplan import limits
from actionplan import permissions as perms
from actionplan.api import serializers as out
from actionplan.api.actions import action_row, action_then
from actionplan.api.base import ApiView
from actionplan.forms.actions import ProgressForm
from actionplan.history import recorded_via
from actionplan.models import Status
from actionplan.rag import suggested_rag
from actionplan.services import progress, signoff


class ProgressWrite(s.Serializer):
    """For the schema: the form's fields, as JSON."""

    version = s.IntegerField(help_text="The action's version as you read it (GET /api/v1/actions/{id}/)")
    status = s.ChoiceField([v for v in Status.values if v != Status.CANCELLED])
    note_text = s.CharField(required=False, max_length=limits.PROGRESS_NOTE, help_text="What has been done")
    note_date = s.DateField(required=False, help_text="The day the note refers to: needed with a note")
    evidence_url = s.URLField(required=False, help_text="A link to the evidence (files: through the progress page)")
    rag = s.CharField(required=False, help_text='red, amber, green (blue, grey); "" or absent: the suggested RAG')
    rag_reason = s.CharField(required=False, max_length=limits.REASON,
                             help_text="Needed when the RAG differs from the suggested one")


class ProgressResult(out.ActionDetailSerializer):
    awaiting_signoff = s.BooleanField(help_text="The plan needs completions signed off and this one waits for it")


class ProgressRecord(ApiView):
    serializer_class = ProgressWrite

    @extend_schema(
        request=ProgressWrite, summary="Record progress on an action",
        description="Status, a dated note, a link to evidence and the RAG with its reason, checked and saved as "
                    "the progress form does. Plan managers may update any action, officers those they lead. "
                    "Answers the action as now recorded.",
        responses={200: ProgressResult},  # the errors: api/schema.py
    )
    def post(self, request, pk):
        action = perms.action_for(request.user, pk, update=True)
        body = request.data if isinstance(request.data, dict) else {}
        unknown = sorted(set(body) - set(ProgressWrite().fields))
        if unknown:
            raise exceptions.ValidationError({name: f"Unknown field {name!r}" for name in unknown})
        form = ProgressForm({k: "" if v is None else str(v) for k, v in body.items()},
                            suggested_rag=suggested_rag(action, timezone.localdate()))
        if not form.is_valid():
            raise exceptions.ValidationError(_form_errors(form))
        data = form.cleaned_data
        update = progress.ProgressUpdate(
            status=data["status"], note_date=data["note_date"], note_text=data["note_text"], rag=data["rag"],
            rag_reason=data["rag_reason"], evidence_url=data["evidence_url"],
        )
        token = request.auth if hasattr(request.auth, "name") else None
        try:
            with recorded_via(f"via API (token {token.name})" if token else "via API"):
                progress.action_record_progress(
                    action_id=action.pk, user=request.user, expected_version=data["version"], update=update
                )
        except ValidationError as e:
            raise exceptions.ValidationError(
                {"evidence_url" if k == "evidence_file" else k: v for k, v in e.message_dict.items()}
            ) from None
        action.refresh_from_db()
        state, number = action_then(self, action)
        row = action_row(request, action.recommendation.plan.slug, number, state)
        return Response({**row, "version": action.version,
                         "awaiting_signoff": signoff.pending_claim(action) is not None}, status=status.HTTP_200_OK)


def _form_errors(form) -> dict:
    """The form's errors by field, in its own words (the request as a whole: no field)."""
    return {"non_field_errors" if field == "__all__" else field: [e["message"] for e in errors]
            for field, errors in form.errors.get_json_data().items()}
