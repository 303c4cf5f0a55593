"""Finding actions by what an officer types (actionplan.selectors.search): references, initials, words."""

from types import SimpleNamespace

import pytest

from actionplan.models import Action, ActionLead
from actionplan.selectors.search import jump_target, missing_references, parse_search, search_actions
from tests.factories import ActionFactory, NoteFactory, PersonFactory, PlanFactory, RecommendationFactory


@pytest.mark.parametrize(
    ("typed", "terms"),
    [
        ("13.2", [("action", "13.2")]),
        ("13 .2", [("action", "13.2")]),
        ("13 . 2", [("action", "13.2")]),
        ("action 13.2", [("action", "13.2")]),
        ("Rec 13.2", [("action", "13.2")]),
        ("R13.02", [("action", "13.2")]),
        ("13.2.", [("action", "13.2")]),
        ("rec 10", [("recommendation", "rec 10")]),
        ("Recommendation 10", [("recommendation", "rec 10")]),
        ("rec. 10", [("recommendation", "rec 10")]),
        ("R10", [("recommendation", "rec 10")]),
        ("10", [("number", "10")]),
        ("10 HL", [("number", "10"), ("letters", "HL")]),
        ("audit, hl", [("letters", "audit"), ("letters", "hl")]),
        ("13.2, 13.9", [("action", "13.2"), ("action", "13.9")]),
        ("10.02.06", [("word", "10.02.06")]),
        ("record 10", [("letters", "record"), ("number", "10")]),
        ("14-16", [("word", "14-16")]),
        ("  ", []),
    ],
)
def test_what_is_typed_is_read_into_terms(typed, terms):
    assert [(t.kind, t.text) for t in parse_search(typed).terms] == terms


def test_only_a_lone_action_reference_may_jump():
    assert parse_search(" 13.2 ").single_action.text == "13.2"
    for typed in ("13.2 HL", "rec 13", "13", "13.2 13.9", ""):
        assert parse_search(typed).single_action is None


def _action(rec, position, description, *, leads=(), lead_text="", **fields):
    action = ActionFactory(recommendation=rec, position=position, description=description, lead_text=lead_text,
                           **fields)
    for person in leads:
        ActionLead.objects.create(action=action, person=person)
    return action


@pytest.fixture
def plans(db):
    """Two plans. In "jar" HL, SF and AH are people; in "other" only JD is, so "HL" there is a word."""
    jar, other = PlanFactory(slug="jar"), PlanFactory(slug="other")
    hl, sf, ah = (PersonFactory(plan=jar, initials=i) for i in ("HL", "SF", "AH"))
    jd = PersonFactory(plan=other, initials="JD")
    rec1, rec10, rec13 = (RecommendationFactory(plan=jar, number=n) for n in (1, 10, 13))
    paper = _action(rec1, 1, "Discussion paper to be prepared", leads=[hl], lead_text="HL")
    NoteFactory(action=paper, text="Paper sent to LSCB 10.02.06")
    _action(rec1, 2, "LSCB Subgroup to meet for 12 months", leads=[sf], lead_text="SF")
    _action(rec1, 3, "Monthly report to Cabinet", leads=[sf], lead_text="SF")
    _action(rec10, 5, "Prepare a transitional care pathway for 14-16 year olds", leads=[sf, hl, ah],
            lead_text="SF,HL,AH")
    _action(rec10, 6, "Audit of case files", lead_text="HL to sign off")  # the cell names HL; nobody linked
    _action(rec13, 2, "Head of Service to establish audit schedule", leads=[hl], lead_text="HL",
            success_criteria="Monthly audit reports")
    _action(rec13, 9, "Carry out annual Laming audit", leads=[sf], lead_text="SF (ISM)")
    other2, other13 = (RecommendationFactory(plan=other, number=n) for n in (2, 13))
    _action(other2, 1, "Review by HL and JD", leads=[jd], lead_text="JD")
    _action(other2, 2, "Train 10 social workers", leads=[jd], lead_text="JD")
    _action(other13, 2, "Other plan's audit", leads=[jd], lead_text="JD")
    return SimpleNamespace(jar=jar, other=other)


def found(text, plan=None):
    scope = Action.objects.all() if plan is None else Action.objects.filter(recommendation__plan=plan)
    return sorted(
        f"{a.recommendation.plan.slug} {a.reference}" for a in search_actions(scope, text).select_related(
            "recommendation__plan")
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("13.2", ["jar 13.2", "other 13.2"]),
        ("13 .2", ["jar 13.2", "other 13.2"]),
        ("action 13.2", ["jar 13.2", "other 13.2"]),
        ("13.42", []),
        ("rec 10", ["jar 10.5", "jar 10.6"]),
        ("R10", ["jar 10.5", "jar 10.6"]),
        ("13.2 13.9", ["jar 13.2", "jar 13.9", "other 13.2"]),
        # A number is a recommendation where the plan has one, else that number in the description.
        ("10", ["jar 10.5", "jar 10.6", "other 2.2"]),
        ("12", ["jar 1.2"]),
        # Initials are whole and in any case: HL's "Monthly" report (1.3) is not HL's.
        ("HL", ["jar 1.1", "jar 10.5", "jar 10.6", "jar 13.2", "other 2.1"]),
        ("hl", ["jar 1.1", "jar 10.5", "jar 10.6", "jar 13.2", "other 2.1"]),
        ("SF HL", ["jar 10.5"]),
        ("10 HL", ["jar 10.5", "jar 10.6"]),
        ("13.2 HL", ["jar 13.2"]),
        ("rec 1 sf", ["jar 1.2", "jar 1.3"]),
        ("ISM", ["jar 13.9"]),
        # Words: all of them, any order, any case, in the description, criteria, lead cell or notes.
        ("audit hl", ["jar 10.6", "jar 13.2"]),
        ("SCHEDULE audit", ["jar 13.2"]),
        ("audit schedule", ["jar 13.2"]),
        ("monthly", ["jar 1.3", "jar 13.2"]),
        ("LSCB", ["jar 1.1", "jar 1.2"]),
        ("10.02.06", ["jar 1.1"]),
        ("14-16", ["jar 10.5"]),
        ("laming audit", ["jar 13.9"]),
        ("laming cabinet", []),
    ],
)
def test_search_finds_these_actions(plans, typed, expected):
    assert found(typed) == expected


def test_nothing_typed_finds_every_action(plans):
    assert len(found("")) == Action.objects.count() == 10


def test_search_keeps_to_the_queryset_it_is_given(plans):
    assert found("13.2", plan=plans.jar) == ["jar 13.2"]
    assert found("audit", plan=plans.other) == ["other 13.2"]


def test_a_lone_reference_jumps_only_when_one_action_has_it(plans):
    jar = Action.objects.filter(recommendation__plan=plans.jar)
    target = jump_target(jar, parse_search("13.2"))
    assert Action.objects.get(pk=target).description == "Head of Service to establish audit schedule"
    assert jump_target(Action.objects.all(), parse_search("13.2")) is None  # two plans have a 13.2
    assert jump_target(jar, parse_search("13.42")) is None
    assert jump_target(jar, parse_search("13.2 HL")) is None
    assert jump_target(jar, parse_search("rec 13")) is None


@pytest.mark.parametrize(
    ("typed", "in_jar", "anywhere"),
    [
        ("13.42", ["There is no action 13.42 in this plan. Recommendation 13 has actions 13.2 to 13.9."],
         ["There is no action 13.42 in any plan you can see."]),
        ("1.9", ["There is no action 1.9 in this plan. Recommendation 1 has actions 1.1 to 1.3."],
         ["There is no action 1.9 in any plan you can see."]),
        ("42.1", ["There is no action 42.1 in this plan. There is no recommendation 42 either."],
         ["There is no action 42.1 in any plan you can see."]),
        ("rec 42", ["There is no recommendation 42 in this plan."],
         ["There is no recommendation 42 in any plan you can see."]),
        ("rec 2", ["There is no recommendation 2 in this plan."], []),
        ("13.2", [], []),
        ("13.2 HL", [], []),
        ("HL 42", [], []),
    ],
)
def test_a_reference_that_does_not_exist_is_named(plans, typed, in_jar, anywhere):
    jar = Action.objects.filter(recommendation__plan=plans.jar)
    assert missing_references(jar, parse_search(typed)) == in_jar
    assert missing_references(Action.objects.all(), parse_search(typed)) == anywhere


def test_a_recommendation_with_one_action_says_so(plans):
    other = Action.objects.filter(recommendation__plan=plans.other)
    assert missing_references(other, parse_search("13.5")) == [
        "There is no action 13.5 in this plan. Recommendation 13 has one action, 13.2."
    ]
