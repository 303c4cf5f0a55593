from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_script_prefix, reverse, set_script_prefix
from django.utils import timezone

from actionplan.models import Evidence, ProgressNote

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def post_update(client, action, **data):
    base = {
        "version": action.version,
        "status": "in_progress",
        "note_date": timezone.localdate().isoformat(),
        "note_text": "",
        "rag": "",
        "rag_reason": "",
    }
    return client.post(reverse("action_update", args=[action.pk]), {**base, **data})


def test_officer_records_progress_with_pdf_evidence_and_sees_it(client, world):
    client.force_login(world.users["officer"])
    today = timezone.localdate()
    world.mine.due_date = today + timedelta(days=20)  # on target, so Red is an override
    world.mine.save()
    pdf = SimpleUploadedFile("lscb-minutes.pdf", PDF, content_type="application/pdf")
    response = post_update(
        client,
        world.mine,
        note_date=today.isoformat(),
        note_text="Paper sent to LSCB",
        evidence_file=pdf,
        rag="red",
        rag_reason="Awaiting comments from partners",
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Progress on action 1.1 saved" in html
    assert "Paper sent to LSCB" in html
    assert "lscb-minutes.pdf" in html
    assert "Awaiting comments from partners" in html
    assert "Henry Lewis" in html  # the history names who did it
    download = client.get(reverse("evidence_download", args=[Evidence.objects.get().pk]))
    assert b"".join(download.streaming_content) == PDF


def test_override_without_reason_shows_error_next_to_field_and_keeps_input(client, world):
    client.force_login(world.users["officer"])
    world.mine.due_date = timezone.localdate() + timedelta(days=30)
    world.mine.save()
    response = post_update(client, world.mine, note_text="Half done", rag="red")
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Give a reason for choosing a RAG other than the suggested one" in html
    assert "Half done" in html  # what they typed is kept
    assert not ProgressNote.objects.exists()


def test_note_text_is_escaped(client, world):
    client.force_login(world.users["officer"])
    post_update(client, world.mine, note_text="<script>alert('x')</script>")
    html = client.get(reverse("action_detail", args=[world.mine.pk])).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_conflicting_edit_is_caught_shows_their_change_and_keeps_mine(client, world):
    client.force_login(world.users["officer"])
    opened = world.mine.version
    # The plan manager saves first.
    other = client.__class__()
    other.force_login(world.users["manager"])
    assert post_update(other, world.mine, note_text="Manager's note", status="delayed").status_code == 302
    response = client.post(
        reverse("action_update", args=[world.mine.pk]),
        {
            "version": opened,
            "status": "completed",
            "note_text": "My note",
            "note_date": "2006-03-01",
            "rag": "",
            "rag_reason": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "manager saved this action after you opened this page. Nothing you typed has been saved yet." in html
    assert "Status: Not started → Delayed" in html  # the status change made there, in words
    assert "Manager&#x27;s note" in html or "Manager's note" in html
    assert "My note" in html
    assert list(ProgressNote.objects.values_list("text", flat=True)) == ["Manager's note"]
    # Saving again applies theirs on top.
    world.mine.refresh_from_db()
    again = post_update(client, world.mine, note_text="My note", status="completed")
    assert again.status_code == 302
    world.mine.refresh_from_db()
    assert world.mine.status == "completed"


def test_action_page_shows_leads_by_when_and_history_diff(client, world):
    client.force_login(world.users["manager"])
    post_update(client, world.mine, status="delayed", note_text="Staff shortage")
    html = client.get(reverse("action_detail", args=[world.mine.pk])).content.decode()
    assert "Henry Lewis, Head of Children" in html
    assert "Mar 06" in html
    assert "31 March 2006" in html
    assert "Not started" in html
    assert "Delayed" in html  # old → new in the history
    assert "<del>" in html


def test_plan_manager_adds_reorders_and_cancels_actions(client, world):
    client.force_login(world.users["manager"])
    response = client.post(
        reverse("action_add", args=[world.plan.slug, 1]),
        {
            "description": "Publish the revised booklet",
            "lead_text": "HL",
            "by_when_text": "End Apr 06",
            "leads": [world.hl.pk],
            "partners": "",
            "capacity": "",
            "success_criteria": "",
            "reason": "Agreed at APG",
        },
    )
    assert response.status_code == 302
    new = world.rec.actions.get(description="Publish the revised booklet")
    assert new.position == 3
    assert str(new.due_date) == "2006-04-30"
    assert new.history.first().history_change_reason == "Agreed at APG"
    client.post(reverse("action_reorder", args=[new.pk]), {"direction": "up"})
    new.refresh_from_db()
    assert new.position == 2
    new.refresh_from_db()
    assert (
        client.post(reverse("action_cancel", args=[new.pk]), {"reason": "", "version": new.version}).status_code == 400
    )
    client.post(reverse("action_cancel", args=[new.pk]), {"reason": "Duplicate of 1.1", "version": new.version})
    new.refresh_from_db()
    assert new.status == "cancelled"
    assert "Cancelled: Duplicate of 1.1" in new.history.first().history_change_reason


def test_home_lists_my_actions_overdue_first(client, world):
    from tests.factories import ActionFactory

    today = timezone.localdate()
    from actionplan.models import ActionLead

    later = ActionFactory(
        recommendation=world.rec, position=9, description="Later one", due_date=today + timedelta(days=10)
    )
    ActionLead.objects.create(action=later, person=world.hl)
    world.mine.due_date = today - timedelta(days=3)
    world.mine.save()
    client.force_login(world.users["officer"])
    html = client.get(reverse("home")).content.decode()
    assert html.index("Discussion paper to be prepared") < html.index("Later one")
    assert "LSCB Subgroup" not in html  # not mine
    assert "2 need your attention" in html


def test_action_list_filters_by_lead_status_and_text(client, world):
    client.force_login(world.users["viewer"])
    html = client.get(reverse("action_list"), {"lead": "sf"}).content.decode()
    assert "LSCB Subgroup" in html
    assert "Discussion paper" not in html
    html = client.get(reverse("action_list"), {"q": "discussion paper"}).content.decode()
    assert "Discussion paper" in html
    assert "LSCB Subgroup" not in html
    html = client.get(reverse("action_list"), {"overdue": "on"}).content.decode()
    assert "Discussion paper" in html  # due 31 March 2006, long past


def test_action_list_links_each_row_to_its_action_under_a_script_prefix(client, world):
    """Each row's link is one reverse() a page with the row's id put in (actionplan.tables): made per request,
    it keeps the prefix the site is served under (set for each request by the WSGI handler, as here)."""
    client.force_login(world.users["officer"])
    path = reverse("action_list")
    set_script_prefix("/tracker/")
    try:
        html = client.get(path).content.decode()
    finally:
        clear_script_prefix()
    assert f'href="/tracker/actions/{world.mine.pk}/"' in html
    html = client.get(path).content.decode()
    assert f'href="/actions/{world.mine.pk}/"' in html


def test_a_note_names_who_recorded_it_or_their_username(client, world):
    """The action page (its notes read as plain records) and the progress form's last note say who recorded
    a note: their name, or the account's username when it has none."""
    client.force_login(world.users["officer"])
    assert post_update(client, world.mine, note_text="Paper sent to LSCB").status_code == 302
    for name in ("action_detail", "action_update"):
        html = client.get(reverse(name, args=[world.mine.pk])).content.decode()
        assert "Recorded by Henry Lewis on " in html, name
    officer = world.users["officer"]
    officer.first_name = officer.last_name = ""
    officer.save()
    for name in ("action_detail", "action_update"):
        html = client.get(reverse(name, args=[world.mine.pk])).content.decode()
        assert f"Recorded by {officer.username} on " in html, name
