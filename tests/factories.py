"""One factory per model (tests/models/test_factories.py checks that none is missing)."""

import hashlib
import io
from datetime import date, timedelta
from decimal import Decimal

import factory
import pikepdf
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from actionplan import models as m
from actionplan.services import reset_limits
from actionplan.services.last_notes import notes_recorded


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Plan

    slug = factory.Sequence(lambda n: f"plan-{n}")
    title = factory.Sequence(lambda n: f"Improvement plan {n}")
    organisation = "Example Council"
    started_on = date(2005, 12, 1)


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.TimescaleGroup

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Group {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Person

    plan = factory.SubFactory(PlanFactory)
    initials = factory.Sequence(lambda n: f"P{n}")
    name = factory.Faker("name", locale="en_GB")
    job_title = "Service Manager"


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Recommendation

    plan = factory.SubFactory(PlanFactory)
    group = factory.SubFactory(GroupFactory, plan=factory.SelfAttribute("..plan"))
    number = factory.Sequence(lambda n: n + 1)
    text = "Ensure that things improve."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Action

    recommendation = factory.SubFactory(RecommendationFactory)
    position = factory.Sequence(lambda n: n + 1)
    description = "Do the thing"
    by_when_text = "Mar 06"
    due_date = date(2006, 3, 31)


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ProgressNote

    action = factory.SubFactory(ActionFactory)
    note_date = date(2006, 2, 1)
    text = "Work started"
    recorded_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Written as the service writes a note: the action's last note time kept (services.last_notes)."""
        note = super()._create(model_class, *args, **kwargs)
        notes_recorded([note.action_id])
        return note


class UserFactory(factory.django.DjangoModelFactory):
    """An account; pass role=roles.OFFICER (etc.) to put it in that role's group."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class ActionLeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ActionLead

    action = factory.SubFactory(ActionFactory)
    person = factory.SubFactory(PersonFactory, plan=factory.SelfAttribute("..action.recommendation.plan"))


class EvidenceFactory(factory.django.DjangoModelFactory):
    """A small PDF uploaded against an action (use url="https://…" and file=None for a link)."""

    class Meta:
        model = m.Evidence

    action = factory.SubFactory(ActionFactory)
    title = "Minutes of the LSCB meeting"
    file = factory.django.FileField(filename="minutes.pdf", data=b"%PDF-1.4 test")
    original_name = "minutes.pdf"
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda e: e.file.size if e.file else 0)
    uploaded_at = factory.LazyFunction(timezone.now)


class SummaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.RecommendationSummary

    recommendation = factory.SubFactory(RecommendationFactory)
    date = date(2006, 5, 19)
    text = "All milestones met"
    rag = "green"


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.PartnerOrganisation

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    abbreviation = factory.Sequence(lambda n: f"PO{n}")


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.GlossaryTerm

    plan = factory.SubFactory(PlanFactory)
    abbreviation = factory.Sequence(lambda n: f"AB{n}")
    meaning = "An abbreviation the plan uses"


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Indicator

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"CH {n + 1}")
    title = "Initial assessments within 7 working days"
    unit = "%"


class IndicatorTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.IndicatorTarget

    indicator = factory.SubFactory(IndicatorFactory)
    period = "2006/07"
    period_end = date(2007, 3, 31)
    value = Decimal("75")


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    period = "Q1 2006/07"
    period_end = date(2006, 6, 30)
    value = Decimal("65")


class PaperFactory(factory.django.DjangoModelFactory):
    """A draft full action plan as at today: its mandatory sections (title, meeting) are filled,
    so it can be issued as it stands. Pass kind= and the sections for another type of paper."""

    class Meta:
        model = m.Paper

    plan = factory.SubFactory(PlanFactory)
    kind = m.Paper.Kind.ACTION_PLAN
    meeting_body = "Action Plan Group"
    meeting_date = factory.LazyFunction(timezone.localdate)
    as_at = factory.LazyFunction(timezone.localdate)
    title = "Improvement plan"


class PaperTypeFactory(factory.django.DjangoModelFactory):
    """A plan's Cabinet report type: what a new Cabinet report of the plan starts from."""

    class Meta:
        model = m.PaperType

    plan = factory.SubFactory(PlanFactory)
    kind = m.Paper.Kind.CABINET_REPORT
    title = "Progress on improvement"
    meeting_body = "Cabinet"
    appendices = factory.LazyFunction(lambda: [m.Paper.Appendix.SUMMARY])


def one_page_pdf() -> bytes:
    """A valid PDF of one blank A4 page, made here (pikepdf), for uploaded appendices."""
    out = io.BytesIO()
    with pikepdf.new() as doc:
        doc.add_blank_page(page_size=(595, 842))
        doc.save(out, deterministic_id=True)
    return out.getvalue()


class PaperAppendixFactory(factory.django.DjangoModelFactory):
    """An appendix a clerk wrote for a draft paper; with pdf=True, an uploaded one-page PDF instead."""

    class Meta:
        model = m.PaperAppendix

    class Params:
        pdf = factory.Trait(
            kind=m.PaperAppendix.Kind.PDF, body="", original_name="staffing.pdf", page_count=1,
            file=factory.django.FileField(filename="staffing.pdf", from_func=lambda: io.BytesIO(one_page_pdf())),
            size=factory.LazyAttribute(lambda a: a.file.size),
            sha256=factory.LazyFunction(lambda: hashlib.sha256(one_page_pdf()).hexdigest()),
        )

    paper = factory.SubFactory(PaperFactory)
    title = "Staffing"
    kind = m.PaperAppendix.Kind.TEXT
    body = "# Staffing\n\n| Team | Posts |\n| Hereford | 12 |"


class PaperRenderFactory(factory.django.DjangoModelFactory):
    """A draft PDF of a paper, waiting for the background worker."""

    class Meta:
        model = m.PaperRender

    paper = factory.SubFactory(PaperFactory)
    kind = m.PaperRender.Kind.DRAFT
    requested_at = factory.LazyFunction(timezone.now)


class CompletionClaimFactory(factory.django.DjangoModelFactory):
    """A lead's completion of an action, waiting for sign-off."""

    class Meta:
        model = m.CompletionClaim

    action = factory.SubFactory(ActionFactory)
    claimed_at = factory.LazyFunction(timezone.now)


class ReportingCalendarFactory(factory.django.DjangoModelFactory):
    """No regular meeting, returns due 3 working days before each report."""

    class Meta:
        model = m.ReportingCalendar

    plan = factory.SubFactory(PlanFactory)


class ReportingDateFactory(factory.django.DjangoModelFactory):
    """A named meeting a week from today, its report as at the meeting day."""

    class Meta:
        model = m.ReportingDate

    plan = factory.SubFactory(PlanFactory)
    name = "Action Plan Group"
    meets_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))


class SentNoticeFactory(factory.django.DjangoModelFactory):
    """Today's daily reminder to an account, sent."""

    class Meta:
        model = m.SentNotice

    recipient = factory.SubFactory(UserFactory, email="henry.lewis@council.example")
    day = factory.LazyFunction(timezone.localdate)
    kind = m.SentNotice.Kind.DAILY
    state = m.SentNotice.State.SENT
    email = "henry.lewis@council.example"
    subject = "Herefordshire Council improvement plans: 1 return to make"
    claimed_at = factory.LazyFunction(timezone.now)
    sent_at = factory.LazyFunction(timezone.now)


class NoticePreferenceFactory(factory.django.DjangoModelFactory):
    """An account's email choices: the optional reminders left on."""

    class Meta:
        model = m.NoticePreference

    user = factory.SubFactory(UserFactory)


class PasswordResetRequestFactory(factory.django.DjangoModelFactory):
    """A reset link asked for just now, for henry.lewis@council.example from one office address."""

    class Meta:
        model = m.PasswordResetRequest

    requested_at = factory.LazyFunction(timezone.now)
    email_digest = factory.LazyFunction(lambda: reset_limits.email_digest("henry.lewis@council.example"))
    address = "192.0.2.10"


class WorkerLeaseFactory(factory.django.DjangoModelFactory):
    """A background worker that started two hours ago and renewed its lease just now (alive)."""

    class Meta:
        model = m.WorkerLease

    worker_id = factory.Sequence(lambda n: f"worker-{n}")
    host = "jartracker-app-1"
    pid = 4242
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    beat_at = factory.LazyFunction(timezone.now)
    leased_until = factory.LazyFunction(lambda: timezone.now() + timedelta(seconds=60))


class ScheduleRunFactory(factory.django.DjangoModelFactory):
    """The reminders' scheduler, last seen just now, having queued today's reminders."""

    class Meta:
        model = m.ScheduleRun

    name = "reminders"
    beat_at = factory.LazyFunction(timezone.now)
    queued_for = factory.LazyFunction(timezone.localdate)


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """An officer's token for their team's dashboard (the secret behind it is not known: made with
    services.tokens.token_create when a test needs to call the API with it)."""

    class Meta:
        model = m.ApiToken

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Team dashboard {n}")
    key_hash = factory.Sequence(lambda n: f"{n:064x}")
    prefix = "jt_AbCdEfG"


def issued_paper(plan, *, user=None, public=False, **fields):
    """An issued paper whose stored PDF and web page are small stand-ins, with their true SHA-256: for tests
    of who may open the stored files. Tests of issuing itself issue for real (services.papers.paper_issue)."""
    import hashlib

    from django.core.files.base import ContentFile

    paper = PaperFactory(plan=plan, **fields)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    html = f"<div class=\"paper\"><h1>{paper.title}</h1><p>As issued.</p></div>".encode()
    paper.issued_pdf.save(f"paper-{paper.pk}.pdf", ContentFile(pdf), save=False)
    paper.issued_html.save(f"paper-{paper.pk}.html", ContentFile(html), save=False)
    paper.issued_sha256, paper.issued_html_sha256 = hashlib.sha256(pdf).hexdigest(), hashlib.sha256(html).hexdigest()
    paper.issued_at, paper.issued_by, paper.public = timezone.now(), user, public
    paper.save()
    return paper
