"""One field for an as-at date (forms/dates.AsAtField): every page that takes one reads the date
the same way and refuses the same days with the same words, those of the one as-at check."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape

from actionplan.asat import AsAtError, check_as_at
from actionplan.forms.dashboard import AsAtForm
from actionplan.forms.dates import AsAtField


def refusal(plan, day: str) -> str:
    with pytest.raises(AsAtError) as refused:
        check_as_at(plan, date.fromisoformat(day))
    return escape(str(refused.value))


def pages(world, day: str):
    """The page each as-at form is on, asked for `day`; each returns the HTML the person reads."""
    slug = world.plan.slug
    return {
        "dashboard": lambda c: c.get(reverse("dashboard", args=[slug]), {"as_at": day}),
        "drill-down": lambda c: c.get(
            reverse("dashboard_actions", args=[slug]), {"as_at": day, "rag": "red"}
        ),
        "changes": lambda c: c.get(reverse("changes", args=[slug]), {"from": "2006-01-01", "to": day}),
        "new paper": lambda c: c.post(
            reverse("paper_create", args=[slug]),
            {"kind": "scrutiny_note", "meeting_date": "2006-07-13", "as_at": day, "fill_generated": ""},
        ),
        "export": lambda c: c.get(reverse("plan_export_xlsx", args=[slug]), {"as_at": day}, follow=True),
    }


@pytest.mark.parametrize("day", ["2999-01-01", "2005-01-01"])
@pytest.mark.parametrize("where", ["dashboard", "drill-down", "changes", "new paper", "export"])
def test_every_as_at_form_refuses_the_same_days_in_the_same_words(client, world, where, day):
    client.force_login(world.users["manager"])
    body = pages(world, day)[where](client).content.decode()
    assert refusal(world.plan, day) in body


@pytest.mark.parametrize(("where", "named"), [
    ("dashboard", "The as-at date"), ("changes", "The &#x27;to&#x27; date"), ("new paper", "The as-at date"),
    ("export", "The as-at date"),
])
def test_a_link_gives_its_date_as_yyyy_mm_dd_only(client, world, where, named):
    """19/05/2006 in a link is refused everywhere (the export always refused it), so a shared link means one day."""
    client.force_login(world.users["manager"])
    body = pages(world, "19/05/2006")[where](client).content.decode()
    assert f"{named} must be a real date" in body


@pytest.mark.parametrize("where", ["dashboard", "drill-down", "changes", "new paper", "export"])
def test_every_as_at_form_takes_the_three_boxes_and_refuses_the_same_days(client, world, where):
    """The boxes a page's own form sends (as_at-day, -month, -year) mean what the link's YYYY-MM-DD does."""
    client.force_login(world.users["manager"])
    name = "to" if where == "changes" else "as_at"
    link = pages(world, "2999-01-01")[where]
    boxes = {f"{name}-day": "1", f"{name}-month": "1", f"{name}-year": "2999"}
    if where == "changes":
        response = client.get(reverse("changes", args=[world.plan.slug]), {"from": "2006-01-01", **boxes})
    elif where == "new paper":
        response = client.post(reverse("paper_create", args=[world.plan.slug]), {
            "kind": "scrutiny_note", "meeting_date": "2006-07-13", "fill_generated": "", **boxes})
    else:
        url = {"dashboard": "dashboard", "drill-down": "dashboard_actions", "export": "plan_export_xlsx"}[where]
        response = client.get(reverse(url, args=[world.plan.slug]), {"rag": "red", **boxes}, follow=True)
    assert refusal(world.plan, "2999-01-01") in response.content.decode()
    assert refusal(world.plan, "2999-01-01") in link(client).content.decode()


def test_a_good_day_is_a_date_and_a_blank_one_is_none(world):
    form = AsAtForm({"as_at": "2006-05-19", "due_by": ""}, plan=world.plan)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["as_at"] == date(2006, 5, 19)
    assert form.cleaned_data["due_by"] is None


def test_a_field_without_its_plan_is_a_programming_error_not_a_silent_pass():
    with pytest.raises(RuntimeError, match="bind_plan"):
        AsAtField().clean("2006-05-19")
