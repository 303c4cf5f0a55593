from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from actionplan.models import Evidence, ProgressNote, Rag, Status
from actionplan.rag import action_rag
from actionplan.services.errors import StaleEdit
from actionplan.services.progress import ProgressUpdate, action_record_progress
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def user():
    return get_user_model().objects.create_user("hl", first_name="Henry", last_name="Lewis")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def record(action, user, **kw):
    return action_record_progress(
        action_id=action.pk, user=user, expected_version=action.version, update=ProgressUpdate(**kw)
    )


def test_progress_note_status_and_evidence_saved_together_with_history(user):
    action = ActionFactory(due_date=timezone.localdate() + timedelta(days=10))
    pdf = SimpleUploadedFile("minutes.pdf", PDF, content_type="application/pdf")
    record(
        action, user,
        status=Status.IN_PROGRESS, note_date=date(2006, 3, 1), note_text="Paper drafted", evidence_file=pdf,
    )
    action.refresh_from_db()
    assert action.status == Status.IN_PROGRESS
    assert action.version == 2
    note = ProgressNote.objects.get(action=action)
    assert (note.note_date, note.text, note.recorded_by) == (date(2006, 3, 1), "Paper drafted", user)
    evidence = Evidence.objects.get(action=action)
    assert evidence.original_name == "minutes.pdf"
    assert evidence.note == note
    assert "minutes" not in evidence.file.name  # stored under a generated name
    latest = action.history.order_by("-history_id").first()
    assert latest.history_user == user
    assert "Status: Not started → In progress" in latest.history_change_reason


def test_rag_override_needs_a_reason_and_nothing_is_written_without_one(user):
    action = ActionFactory(due_date=timezone.localdate() + timedelta(days=10))
    with pytest.raises(ValidationError) as err:
        record(action, user, status=Status.IN_PROGRESS, note_text="Slipping", rag=Rag.RED)
    assert "rag_reason" in err.value.message_dict
    assert not ProgressNote.objects.exists()
    action.refresh_from_db()
    assert action.version == 1
    assert action.rag_override == ""


def test_rag_override_with_reason_goes_into_history(user):
    action = ActionFactory(due_date=timezone.localdate() + timedelta(days=10))
    record(action, user, status=Status.IN_PROGRESS, rag=Rag.RED, rag_reason="Key post vacant")
    action.refresh_from_db()
    assert action_rag(action, timezone.localdate()) == Rag.RED
    assert "RAG set to Red: Key post vacant" in action.history.order_by("-history_id").first().history_change_reason


def test_second_save_from_a_stale_form_is_refused(user):
    action = ActionFactory()
    opened = action.version
    record(action, user, status=Status.IN_PROGRESS, note_text="First")
    with pytest.raises(StaleEdit) as stale:
        action_record_progress(
            action_id=action.pk, user=user, expected_version=opened,
            update=ProgressUpdate(status=Status.COMPLETED, note_text="Second"),
        )
    assert stale.value.current.status == Status.IN_PROGRESS
    assert list(ProgressNote.objects.values_list("text", flat=True)) == ["First"]


@pytest.mark.parametrize(
    ("note_date", "message"),
    [(date(2099, 1, 1), "today or in the past"), (date(2005, 1, 1), "when the plan began")],
)
def test_note_dates_outside_the_plan_are_refused(user, note_date, message):
    action = ActionFactory()
    with pytest.raises(ValidationError) as err:
        record(action, user, status=Status.IN_PROGRESS, note_date=note_date, note_text="x")
    assert message in err.value.message_dict["note_date"][0]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"MZ\x90\x00 not a pdf at all", "not a real .pdf"),
        ("script.exe", b"MZ\x90\x00", "not accepted"),
        ("notes.txt", b"\x00\x01\x02binary", "not a real .txt"),
    ],
)
def test_evidence_is_checked_by_content_not_only_name(user, name, content, message):
    action = ActionFactory()
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as err:
        record(action, user, status=Status.IN_PROGRESS, note_text="x", evidence_file=upload)
    assert message in err.value.message_dict["evidence_file"][0]
    assert not Evidence.objects.exists()
    assert not ProgressNote.objects.exists()


def test_evidence_over_the_size_limit_is_refused(user, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * (2 * 1024 * 1024))
    with pytest.raises(ValidationError) as err:
        record(ActionFactory(), user, status=Status.IN_PROGRESS, evidence_file=upload)
    assert "1 MB or smaller" in err.value.message_dict["evidence_file"][0]
