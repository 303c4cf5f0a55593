"""History pages name fields in the plan's own words ("RAG override", "By when", "People/partners"),
from one map (selectors/history.py FIELD_WORDS) that every field of an action and a note is in."""

import pytest
from django.test import Client
from django.urls import reverse

from actionplan.models import Action, ProgressNote
from actionplan.selectors.history import FIELD_WORDS, SKIP


@pytest.mark.parametrize("model", [Action, ProgressNote])
def test_every_field_an_action_or_note_history_shows_has_its_words(model):
    shown = {f.name for f in model._meta.concrete_fields if f.name not in SKIP and f.attname not in SKIP}
    assert shown - set(FIELD_WORDS[model]) == set()


def test_the_action_history_uses_the_plans_words(world):
    manager = Client()
    manager.force_login(world.users["manager"])
    url = reverse("action_edit", args=[world.mine.pk])
    assert manager.post(url, {
        "version": world.mine.version, "description": "Discussion paper to be prepared", "lead_text": "HL",
        "by_when_text": "End Apr 06", "leads": [world.hl.pk], "partners": "LSCB, Police", "capacity": "",
        "success_criteria": "Paper agreed", "reason": "Dates agreed at the APG"}).status_code == 302
    world.mine.refresh_from_db()
    officer = Client()
    officer.force_login(world.users["officer"])
    assert officer.post(reverse("action_update", args=[world.mine.pk]), {
        "version": world.mine.version, "status": "in_progress", "note_date": "", "note_text": "",
        "rag": "green", "rag_reason": "The LSCB has agreed it"}).status_code == 302
    html = officer.get(reverse("action_detail", args=[world.mine.pk])).content.decode()
    history = html[html.index('id="history"'):]
    for words in ("<strong>By when</strong>", "<strong>People/partners</strong>",
                  "<strong>Target/success criteria</strong>", "<strong>RAG override</strong>",
                  "<strong>Reason for the RAG override</strong>", "<strong>Status</strong>"):
        assert words in history, words
    assert "Rag override" not in history
    assert "By when text" not in history
