"""The drills' accounts, made in the drill's own throwaway database (never committed data).

Officers are people of the demo plan ("LT01" …) who each lead a few of its open actions, dealt out in
turn, so that where there are more leads than open actions two officers share an action, as joint
leads do, and their saves can meet on the optimistic lock. Directors read the dashboards.

Run as `python -m tools.loadtest.accounts OUT.json [--officers 50] [--directors 5] [--actions-each 3] [--clerks 0]`
with the drill's environment (DATABASE_URL …): writes the accounts and their actions to OUT.json.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
from pathlib import Path


def accounts_create(*, officers: int, directors: int, actions_each: int, clerks: int = 0) -> dict:
    """Create the accounts; returns {"plan": slug, "officers": [...], "directors": [...], "clerks": [...]},
    each account {"username", "password"} and an officer's "actions" (ids)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import transaction

    from actionplan import roles
    from actionplan.models import Action, ActionLead, Person, Plan, Status
    from actionplan.services.demo import DEMO_PLAN

    password = secrets.token_urlsafe(16)
    hashed = make_password(password)  # one hash for all: hashing 55 passwords would take half a minute
    user_model = get_user_model()
    with transaction.atomic():
        plan = Plan.objects.get(slug=DEMO_PLAN)
        open_actions = list(
            Action.objects.for_plan(plan)
            .exclude(status__in=[Status.COMPLETED, Status.CANCELLED])
            .order_by("recommendation__number", "position")
            .values_list("pk", flat=True)
        )
        if not open_actions:
            raise SystemExit("the demo plan has no open actions to lead")
        officer_group = Group.objects.get_or_create(name=roles.OFFICER)[0]
        director_group = Group.objects.get_or_create(name=roles.DIRECTOR)[0]
        clerk_group = Group.objects.get_or_create(name=roles.CLERK)[0]
        made: dict = {"plan": plan.slug, "officers": [], "directors": [], "clerks": []}
        for i in range(officers):
            user = user_model.objects.create(
                username=f"loadtest-officer-{i + 1:02d}", password=hashed, first_name="Load test",
                last_name=f"officer {i + 1}",
            )
            user.groups.add(officer_group)
            person = Person.objects.create(
                plan=plan, initials=f"LT{i + 1:02d}", name=f"Load test officer {i + 1}", user=user
            )
            led = [open_actions[(i * actions_each + k) % len(open_actions)] for k in range(actions_each)]
            for action_id in led:
                ActionLead.objects.create(action_id=action_id, person=person, position=9)
            made["officers"].append({"username": user.username, "password": password, "actions": led})
        for kind, count, group in (("director", directors, director_group), ("clerk", clerks, clerk_group)):
            for i in range(count):
                user = user_model.objects.create(
                    username=f"loadtest-{kind}-{i + 1:02d}", password=hashed, first_name="Load test",
                    last_name=f"{kind} {i + 1}",
                )
                user.groups.add(group)
                made[f"{kind}s"].append({"username": user.username, "password": password})
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--officers", type=int, default=50)
    parser.add_argument("--directors", type=int, default=5)
    parser.add_argument("--actions-each", type=int, default=3)
    parser.add_argument("--clerks", type=int, default=0)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jartracker.settings")
    import django

    django.setup()
    made = accounts_create(
        officers=args.officers, directors=args.directors, actions_each=args.actions_each, clerks=args.clerks
    )
    args.out.write_text(json.dumps(made, indent=1), encoding="utf-8")
    shared = len({a for o in made["officers"] for a in o["actions"]})
    print(f"{len(made['officers'])} officers leading {shared} actions, {len(made['directors'])} directors"
          + (f", {len(made['clerks'])} clerks" if made["clerks"] else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
