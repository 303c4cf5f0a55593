"""One demo account per role, linked to real leads of the Herefordshire plan."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from actionplan import roles
from actionplan.history import save_recorded
from actionplan.models import PaperType, Person, Plan, ReportingCalendar
from actionplan.services.paper_types import paper_types_seed
from actionplan.services.reporting import calendar_from_papers

DEMO_PASSWORD = "jartracker-demo-2006"
DEMO_PLAN = "herefordshire-jar-2006"
# Demo addresses under the reserved .example domain: no real mailbox is ever written to.
DEMO_EMAIL_DOMAIN = "council.example"
# (username, role, initials of the person in the plan's index, or None)
DEMO_USERS = [
    ("officer", roles.OFFICER, "HL"),  # Henry Lewis, Head of Children's Social Care
    ("manager", roles.PLAN_MANAGER, "DL"),  # Dennis Longmore, Change Team
    ("director", roles.DIRECTOR, "SF"),  # Sue Fiennes, Director of Children's Services
    ("clerk", roles.CLERK, None),
    ("viewer", roles.VIEWER, None),
]


@transaction.atomic
def demo_accounts_ensure() -> list[tuple[str, str, str]]:
    User = get_user_model()
    made = []
    for username, role, initials in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": role})
        if created:
            user.set_password(DEMO_PASSWORD)
        if not user.email:  # so that `send_reminders` has somewhere to send the demo's reminders
            user.email = f"{username}@{DEMO_EMAIL_DOMAIN}"
        user.save()
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        person_label = ""
        if initials:
            person = Person.objects.filter(initials=initials).order_by("pk").first()
            if person is not None:
                if person.user_id is None:
                    person.user = user
                    save_recorded(person, reason="Linked to the demo account")
                user.first_name, user.last_name = (person.name.split(" ", 1) + [""])[:2]
                user.save(update_fields=["first_name", "last_name"])
                person_label = f"{person.initials} – {person.name}, {person.job_title}"
        made.append((username, role, person_label))
    return made


@transaction.atomic
def demo_calendar_ensure() -> list[str]:
    """The demo plan's reporting calendar, when it has none: the meetings its papers name (the 31 May
    2006 Scrutiny Committee with its 19 May report, Cabinet on 13 July 2006, the Leader and Chief
    Executive on 21 December 2006), and nothing the papers do not state. Returns what was added."""
    plan = Plan.objects.filter(slug=DEMO_PLAN).first()
    if plan is None or ReportingCalendar.objects.filter(plan=plan).exists():
        return []
    added = calendar_from_papers(plan=plan, reason="Demo configuration: the meetings the plan's papers name")
    return [str(entry) for entry in added]


@transaction.atomic
def demo_paper_types_ensure(data: dict) -> list[str]:
    """The demo plan's paper types, when it has none (a database loaded before there were types): set up
    from the fixture's sample papers as loading does (services/paper_types.paper_types_seed)."""
    plan = Plan.objects.filter(slug=DEMO_PLAN).first()
    if plan is None or PaperType.objects.filter(plan=plan).exists():
        return []
    return [str(t) for t in paper_types_seed(plan, data, reason="Demo configuration: the paper types of its papers")]
