"""Every free-text field of every form has a limit (actionplan/limits.py), says it the same way when it is
over, and keeps what was typed; the text areas count characters as GOV.UK's component does."""

from datetime import date

import pytest
from django.core.validators import MaxLengthValidator
from django.urls import reverse

from actionplan import limits
from actionplan.forms.actions import ProgressForm
from actionplan.forms.indicators import IndicatorTargetForm, IndicatorValueForm
from actionplan.forms.limits import is_free_text
from actionplan.forms.papers import PaperCreateForm, PaperForm
from actionplan.forms.reporting import CalendarForm, ReportingDateForm
from actionplan.forms.signoff import ReviewForm, SignoffSettingsForm
from actionplan.forms.structure import ActionForm, RecommendationForm, RecommendationRagForm
from actionplan.models import Action, Paper, ProgressNote, ReportingCalendar
from tests.factories import IndicatorFactory, PaperFactory


def every_form(world):
    indicator = IndicatorFactory(plan=world.plan)
    forms = [
        ProgressForm(suggested_rag="amber"), ActionForm(instance=world.mine, plan=world.plan),
        RecommendationForm(instance=world.rec, plan=world.plan), RecommendationRagForm(),
        IndicatorValueForm(indicator=indicator), IndicatorTargetForm(indicator=indicator), ReviewForm(),
        SignoffSettingsForm(), CalendarForm(instance=ReportingCalendar(plan=world.plan)),
        ReportingDateForm(), PaperCreateForm(plan=world.plan),
    ]
    forms += [PaperForm(instance=PaperFactory(plan=world.plan, kind=kind)) for kind in Paper.Kind.values]
    return forms


def test_every_free_text_field_of_every_form_has_a_limit_worded_one_way(world):
    unlimited, worded_otherwise, cut_short = [], [], []
    for form in every_form(world):
        for name, field in form.fields.items():
            if not is_free_text(field):
                continue
            where = f"{type(form).__name__}.{name}"
            checks = [v for v in field.validators if isinstance(v, MaxLengthValidator)]
            if not field.max_length or len(checks) != 1:
                unlimited.append(where)
            elif not str(checks[0].message).endswith(f"must be {field.max_length:,} characters or fewer"):
                worded_otherwise.append(where)
            if "maxlength" in field.widget.attrs:
                cut_short.append(where)
    assert unlimited == []
    assert worded_otherwise == []
    assert cut_short == []  # a maxlength attribute would cut pasted text short without a word


def test_the_limits_are_those_documented(world):
    form = ActionForm(instance=world.mine, plan=world.plan)
    assert ProgressForm().fields["note_text"].max_length == 10_000
    assert form.fields["description"].max_length == limits.ACTION_TEXT
    assert form.fields["lead_text"].max_length == Action._meta.get_field("lead_text").max_length  # its column's
    assert form.fields["reason"].max_length == limits.REASON
    assert RecommendationRagForm().fields["summary"].max_length == limits.SUMMARY


def update(client, action, note_text, **extra):
    return client.post(reverse("action_update", args=[action.pk]), {
        "version": action.version, "status": "in_progress", "note_date": "2006-05-19", "note_text": note_text,
        "rag": "", "rag_reason": "", **extra,
    })


def test_a_note_of_ten_thousand_characters_is_saved(client, world):
    client.force_login(world.users["officer"])
    assert update(client, world.mine, "x" * 10_000).status_code == 302
    assert len(ProgressNote.objects.get().text) == 10_000


def test_a_1_mb_progress_note_is_refused_with_one_message_and_kept_in_the_form(client, world):
    client.force_login(world.users["officer"])
    response = update(client, world.mine, "Met the LSCB. " + "x" * 1_000_000)
    html = response.content.decode()
    assert response.status_code == 400  # the form again, with its error
    assert "What has been done must be 10,000 characters or fewer" in html
    assert "Enter what was done on that date" not in html  # too long is not also called missing
    assert "Met the LSCB. xxxx" in html  # what was typed is kept
    assert not ProgressNote.objects.exists()


def test_a_reason_over_its_limit_is_refused(client, world):
    client.force_login(world.users["officer"])
    response = update(client, world.mine, "Paper sent", rag="red", rag_reason="r" * 2_001)
    assert "Reason for choosing a different RAG must be 2,000 characters or fewer" in response.content.decode()
    assert not ProgressNote.objects.exists()


def test_a_text_area_counts_its_characters(client, world):
    client.force_login(world.users["officer"])
    html = client.get(reverse("action_update", args=[world.mine.pk])).content.decode()
    assert 'data-module="govuk-character-count" data-maxlength="10000"' in html
    assert 'aria-describedby="id_note_text-info id_note_text-hint"' in html
    assert 'id="id_note_text-info" class="govuk-hint govuk-character-count__message">You can enter up to 10,000 ' \
           "characters" in html


def test_a_cancellation_reason_over_its_limit_is_refused_and_kept(client, world):
    client.force_login(world.users["manager"])
    response = client.post(reverse("action_cancel", args=[world.mine.pk]), {"reason": "Merged " + "r" * 2_000,
                                                                             "version": world.mine.version})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Reason for cancelling must be 2,000 characters or fewer" in html
    assert ">Merged rrrr" in html
    world.mine.refresh_from_db()
    assert world.mine.status != "cancelled"


@pytest.mark.parametrize("kind", [Paper.Kind.EXCEPTIONS])
def test_a_papers_sections_take_long_generated_text(world, kind):
    form = PaperForm(instance=PaperFactory(plan=world.plan, kind=kind, meeting_date=date(2006, 12, 21)))
    assert form.fields["considerations"].max_length == limits.PAPER_SECTION
