import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from actionplan import roles
from actionplan.models import ActionLead, Plan
from tests.factories import ActionFactory, GroupFactory, PersonFactory, PlanFactory, RecommendationFactory

# live_server with synchronous Playwright runs ORM calls inside Playwright's event loop thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery"


def make_user(username, role=None, **extra):
    user = get_user_model().objects.create_user(username, password=PASSWORD, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def world(db, settings, tmp_path):
    """A small plan: HL leads action 1.1, SF leads action 1.2; one account per role."""
    settings.MEDIA_ROOT = tmp_path
    plan = PlanFactory(slug="jar", title="JAR plan")
    group = GroupFactory(plan=plan, name="January – June 2006", order=1)
    hl = PersonFactory(plan=plan, initials="HL", name="Henry Lewis", job_title="Head of Children's Social Care")
    sf = PersonFactory(plan=plan, initials="SF", name="Sue Fiennes", job_title="Director of Children's Services")
    rec = RecommendationFactory(plan=plan, group=group, number=1)
    mine = ActionFactory(recommendation=rec, position=1, description="Discussion paper to be prepared")
    theirs = ActionFactory(recommendation=rec, position=2, description="LSCB Subgroup to meet")
    ActionLead.objects.create(action=mine, person=hl)
    ActionLead.objects.create(action=theirs, person=sf)
    users = {
        "officer": make_user("officer", roles.OFFICER, first_name="Henry", last_name="Lewis"),
        "manager": make_user("manager", roles.PLAN_MANAGER),
        "director": make_user("director", roles.DIRECTOR, first_name="Sue", last_name="Fiennes"),
        "clerk": make_user("clerk", roles.CLERK),
        "viewer": make_user("viewer", roles.VIEWER),
        "norole": make_user("norole"),
    }
    hl.user = users["officer"]
    hl.save()
    sf.user = users["director"]
    sf.save()
    return SimpleNamespace(plan=plan, group=group, rec=rec, mine=mine, theirs=theirs, hl=hl, sf=sf, users=users)


HEREFORDSHIRE = Path(__file__).resolve().parents[1] / "fixtures" / "herefordshire_jar.json"


@pytest.fixture
def hereford(db):
    """The Herefordshire JAR plan as its fixture loads it: dated history, notes, summaries."""
    call_command("load_plan", str(HEREFORDSHIRE), stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Plan.objects.get(slug="herefordshire-jar-2006")
