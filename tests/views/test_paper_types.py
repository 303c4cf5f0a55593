"""The paper types pages: a clerk sets up what a new Cabinet report starts from, and a new paper takes it;
bad wording is refused with a message and nothing saved; the agenda item and pack page on a paper."""

from django.urls import reverse
from django.utils import timezone

from actionplan.models import Paper, PaperType
from tests.views.test_papers import _edit_data

CABINET = {
    "title": "Progress on improvement following the Joint Area Review", "meeting_body": "Cabinet",
    "portfolio": "Children and Young People Services",
    "contact_wording": "For more on this report contact {name}, {title}, on {phone}",
    "contact_name": "Sue Fiennes", "contact_title": "Director of Children's Services",
    "contact_phone": "01432 260039", "appendices": ["summary"], "red_actions_limit": "10",
}


def _set_up(client, world, **changes):
    client.force_login(world.users["clerk"])
    return client.post(reverse("paper_type_edit", args=[world.plan.slug, "cabinet_report"]), {**CABINET, **changes})


def test_a_clerk_sets_up_the_cabinet_type_and_a_new_paper_starts_from_it(client, world):
    client.force_login(world.users["clerk"])
    listing = client.get(reverse("paper_type_list", args=[world.plan.slug])).content.decode()
    assert listing.count("Not set up for this plan") == 4
    assert _set_up(client, world).status_code == 302
    assert client.get(reverse("paper_type_list", args=[world.plan.slug])).content.decode().count(
        "Not set up for this plan") == 3
    today = timezone.localdate().isoformat()
    client.post(reverse("paper_create", args=[world.plan.slug]), {
        "kind": "cabinet_report", "meeting_date": today, "as_at": today, "meeting_body": "", "title": "",
        "fill_generated": ""})
    paper = Paper.objects.get()
    assert (paper.title, paper.portfolio, paper.contact_name) == (
        CABINET["title"], CABINET["portfolio"], "Sue Fiennes")
    assert (paper.appendices, paper.red_actions_limit) == (["summary"], 10)
    preview = client.get(reverse("paper_preview", args=[paper.pk])).content.decode()
    assert ("For more on this report contact Sue Fiennes, Director of Children&#x27;s Services, on 01432 260039"
            in preview)


def test_wording_without_the_officers_name_is_refused_with_a_message_and_nothing_saved(client, world):
    response = _set_up(client, world, contact_wording="Ask the Director's office")
    assert response.status_code == 400
    assert "must say where the officer&#x27;s name goes: write {name}" in response.content.decode()
    assert not PaperType.objects.exists()


def test_a_blank_wording_is_the_standard_one(client, world):
    assert _set_up(client, world, contact_wording="").status_code == 302
    assert PaperType.objects.get().contact_wording.startswith(
        "Further information on the subject of this report is available from {name}")


def test_an_unknown_kind_of_paper_is_not_found(client, world):
    client.force_login(world.users["clerk"])
    assert client.get(reverse("paper_type_edit", args=[world.plan.slug, "minutes"])).status_code == 404


def _cabinet_paper(client, world) -> Paper:
    client.force_login(world.users["clerk"])
    today = timezone.localdate().isoformat()
    client.post(reverse("paper_create", args=[world.plan.slug]), {
        "kind": "cabinet_report", "meeting_date": today, "as_at": today, "meeting_body": "", "title": "",
        "fill_generated": ""})
    return Paper.objects.get()


def test_the_clerk_gives_the_agenda_item_and_pack_page_on_the_paper(client, world):
    paper = _cabinet_paper(client, world)
    url = reverse("paper_edit", args=[paper.pk])
    response = client.post(url, _edit_data(paper, agenda_item="7", pack_first_page="eleven"))
    assert response.status_code == 400
    assert "Agenda pack page must be a whole number, like 11" in response.content.decode()
    paper.refresh_from_db()
    assert (paper.agenda_item, paper.pack_first_page) == ("", None)
    assert client.post(url, _edit_data(paper, agenda_item="7", pack_first_page="11")).status_code == 302
    paper.refresh_from_db()
    assert (paper.agenda_item, paper.pack_first_page) == ("7", 11)
