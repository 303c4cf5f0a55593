"""One demo account per role, linked to real leads of the Herefordshire plan."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from actionplan import roles
from actionplan.history import save_recorded
from actionplan.models import Person

DEMO_PASSWORD = "jartracker-demo-2006"
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
