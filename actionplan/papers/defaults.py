"""What each type of paper contains, which sections must be written before it is issued, and the
structural wording a new paper starts from (the clerk edits all of it).

The section order is the seeds' Cabinet report (13 July 2006): title; portfolio; meeting and date;
wards affected; Purpose; Key Decision; Recommendation(s); Reasons; Financial Implications;
Considerations (numbered); Alternative Options; Risk Management; Consultees; Background Papers;
contact box; appendices.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from actionplan.models import Paper

Kind = Paper.Kind
Appendix = Paper.Appendix

# (field, heading) in the order the sections are printed.
SECTIONS: list[tuple[str, str]] = [
    ("purpose", "Purpose"),
    ("key_decision", "Key Decision"),
    ("recommendations", "Recommendation"),
    ("reasons", "Reasons"),
    ("financial_implications", "Financial Implications"),
    ("considerations", "Considerations"),
    ("alternative_options", "Alternative Options"),
    ("risk_management", "Risk Management"),
    ("consultees", "Consultees"),
    ("background_papers", "Background Papers"),
]
SECTION_HEADINGS = dict(SECTIONS)

# How the issue check names a field that is empty.
FIELD_LABELS = {
    "title": "Title",
    "meeting_body": "Meeting",
    "portfolio": "Portfolio or programme area",
    "wards_affected": "Wards affected",
    **SECTION_HEADINGS,
    "recommendations": "Recommendation(s)",
    "contact_name": "Contact officer's name",
    "contact_title": "Contact officer's job title",
    "contact_phone": "Contact officer's telephone",
}

# Short names for the command line (`render_paper --type action-plan`).
KIND_SLUGS = {
    "cabinet-report": Kind.CABINET_REPORT,
    "scrutiny-note": Kind.SCRUTINY_NOTE,
    "exceptions": Kind.EXCEPTIONS,
    "action-plan": Kind.ACTION_PLAN,
}

CONTACT = ["contact_name", "contact_title", "contact_phone"]


@dataclass(frozen=True)
class KindRules:
    """What every paper of a kind is, in code (its sections and what must be written); a plan's
    PaperType model row holds what the council chooses (title, meeting, contact, appendices)."""

    kind: str
    meeting_body: str
    # The report sections this type prints, in SECTIONS order.
    sections: tuple[str, ...]
    # Fields that must not be empty when the paper is issued.
    mandatory: tuple[str, ...]
    appendices: tuple[str, ...]
    numbered_considerations: bool = True
    considerations_heading: str = "Considerations"
    # Wording a new paper starts from; {body} and {plan} are filled in.
    text: dict[str, str] = field(default_factory=dict)


ALL_SECTIONS = tuple(f for f, _ in SECTIONS)

TYPES: dict[str, KindRules] = {
    Kind.CABINET_REPORT: KindRules(
        kind=Kind.CABINET_REPORT,
        meeting_body="Cabinet",
        sections=ALL_SECTIONS,
        mandatory=("title", "meeting_body", "portfolio", "wards_affected",
                   *(f for f in ALL_SECTIONS if f != "key_decision"), *CONTACT),
        # The seeds' Cabinet report attaches the summary progress report only: the others are the clerk's to add.
        appendices=(Appendix.SUMMARY,),
        text={
            "title": "Progress on the {plan}",
            "purpose": "To update {body} on progress with the improvement plan and on the areas that "
            "still need attention.",
            "recommendations": "THAT {body} notes the progress made and the areas where further work "
            "is needed.",
            "reasons": "To keep the delivery of the improvement plan under routine review, so that its "
            "actions bring about the improvements the inspection asked for.",
            "alternative_options": "There are no alternative options.",
            "risk_management": "The plan's risk log is reviewed routinely; the actions reported here as "
            "not on target are part of it.",
            "background_papers": "None identified.",
        },
    ),
    Kind.SCRUTINY_NOTE: KindRules(
        kind=Kind.SCRUTINY_NOTE,
        meeting_body="Children's Services Scrutiny Committee",
        sections=("purpose", "recommendations", "considerations", "background_papers"),
        mandatory=("title", "meeting_body", "purpose", "recommendations", "considerations", *CONTACT),
        appendices=(Appendix.SUMMARY,),
        text={
            "title": "{plan}: Summary Progress Report",
            "purpose": "To inform the Committee of progress against each recommendation of the "
            "improvement plan.",
            "recommendations": "THAT the Committee notes the progress reported in the appendix.",
            "background_papers": "None identified.",
        },
    ),
    Kind.EXCEPTIONS: KindRules(
        kind=Kind.EXCEPTIONS,
        meeting_body="Leader and Chief Executive",
        sections=("considerations",),
        mandatory=("title", "meeting_body", "considerations"),
        appendices=(),
        numbered_considerations=False,
        considerations_heading="Overview",
        text={"title": "{plan}: exceptions report to the {body}"},
    ),
    Kind.ACTION_PLAN: KindRules(
        kind=Kind.ACTION_PLAN,
        meeting_body="Action Plan Group",
        sections=(),
        mandatory=("title", "meeting_body"),
        appendices=(Appendix.GLOSSARY,),
        text={"title": "{plan}"},
    ),
}

# The RAG key printed with every table of RAG flags (the seeds' own code).
RAG_KEY = [
    ("green", "completed"),
    ("amber", "in progress and on target, but not yet completed"),
    ("red", "not on target: overdue, slipping or marked delayed"),
]


def paper_type(kind: str) -> KindRules:
    return TYPES[kind]


def default_due_by(as_at: date) -> date:
    """The end of the month before the as-at date: a July paper reports what was due by end of June."""
    return as_at.replace(day=1) - timedelta(days=1)


def missing_sections(paper: Paper) -> list[str]:
    """The labels of the mandatory fields this paper leaves empty (or only whitespace)."""
    missing = []
    for name in paper_type(paper.kind).mandatory:
        value = getattr(paper, name)
        if isinstance(value, bool):
            continue
        if not str(value or "").strip():
            missing.append(FIELD_LABELS.get(name, name))
    if paper.kind == Kind.EXCEPTIONS:
        for item in paper.exceptions or []:
            ref = item.get("reference", "?")
            if not str(item.get("revised", "")).strip():
                missing.append(f"Exception {ref}: revised date")
            if not str(item.get("why", "")).strip():
                missing.append(f"Exception {ref}: why")
    return missing


# The sample papers the fixture's "papers" list names: short structural wording written for this
# project (not the seeds' prose); the figures come from the plan as at the paper's date. The
# portfolio, contact and appendices set up the plan's paper type of that kind (services/paper_types.py).
SAMPLES: dict[str, dict] = {
    "cabinet_report": {
        "kind": Kind.CABINET_REPORT,
        "portfolio": "Children and Young People Services",
        "purpose": "To update Cabinet on progress with the JAR improvement action plan and on the "
        "arrangements for regional oversight of its next stages.",
        "recommendations": "THAT Cabinet notes the progress made and the arrangements for regional "
        "oversight of the next stages.",
        "reasons": "To keep the processes and actions that will improve outcomes for children and young "
        "people under routine monitoring.",
        "financial_implications": "The 2006-07 JAR improvement budget pays for short-term support and "
        "is monitored through routine budget management.",
        "considerations_before": [
            "Progress has continued since the last report to Cabinet; the latest position on each "
            "recommendation is in Appendix 1.",
            "Progress on the first four recommendations has been confirmed by DfES and CSCI.",
        ],
        "considerations_after": [
            "Further progress is still needed on:\n- permanent social work staffing;\n- rising "
            "referrals and the capacity to meet them;\n- case allocation in the duty team;\n- "
            "waiting times for occupational therapy.",
            "A challenge and support board chaired by GOWM will oversee the next stages, with a "
            "stock-take planned for December 2006.",
        ],
        "alternative_options": "There are no alternative options.",
        "risk_management": "The project document for the next stages includes a risk log that is "
        "considered routinely; the areas listed above are part of it.",
        "consultees": "Children & Young People Partnership Board\nKey staff involved in the JAR "
        "Improvement Plan",
        "background_papers": "None identified.",
        "contact_initials": "SF",
        "contact_phone": "01432 260039",
        # The type's default: the summary appendix only (its kind's); "Actions not on target", when the
        # clerk adds it, lists the 10 due longest ago.
        "red_actions_limit": 10,
    },
    "summary_progress": {
        "kind": Kind.SCRUTINY_NOTE,
        "purpose": "To report progress against each recommendation of the JAR Performance Improvement "
        "Action Plan.",
        "recommendations": "THAT the Committee notes the progress reported in the appendix.",
        "considerations_before": [
            "The recommendations are grouped by the urgency the JAR gave them. The RAG flag says "
            "whether each recommendation is completed or on track: Green means completed; Amber "
            "means in progress and on target; Red means not on target.",
        ],
        "considerations_after": [],
        "background_papers": "JAR Performance Improvement Action Plan.",
        "contact_initials": "SF",
        "contact_phone": "01432 260039",
        "appendices": [Appendix.SUMMARY],
    },
    "exceptions": {
        "kind": Kind.EXCEPTIONS,
        "considerations_before": [
            "The improvement plan was to be substantially completed by the end of 2006, with remaining "
            "actions carried into mainstream improvement programmes.",
            "Most of the plan has been delivered. Assessment completion is expected to stay below "
            "its targets to March 2007 because referrals have risen sharply; arrangements are in "
            "place to make sure priority needs are met.",
            "The elements below will not be achieved within their target timescales; each shows the "
            "revised date and why.",
        ],
        "considerations_after": [],
        "overall_rag": "amber",
        "exceptions": [
            {
                "reference": "3.7",
                "revised": "May 2007",
                "why": "The multi-agency strategy needed more detailed work than first planned. Its "
                "project initiation document is approved by the CYPPB; the finished strategy and "
                "implementation plan go to the CYPPB for approval in May 2007.",
            },
        ],
        "contact_initials": "SF",
        "contact_phone": "01432 260039",
        "appendices": [],
    },
}
