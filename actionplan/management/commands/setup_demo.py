import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from actionplan.models import Plan
from actionplan.services.demo import (
    DEMO_PASSWORD,
    demo_accounts_ensure,
    demo_calendar_ensure,
    demo_paper_types_ensure,
)

FIXTURE = "herefordshire_jar.json"


class Command(BaseCommand):
    help = "Load the Herefordshire JAR plan when the database has none, create demo accounts, print log-ins."

    def handle(self, *args, **options):
        fixture = Path(settings.BASE_DIR) / "fixtures" / FIXTURE
        if not Plan.objects.exists():
            call_command("load_plan", str(fixture), stdout=self.stdout)
        accounts = demo_accounts_ensure()
        meetings = demo_calendar_ensure()
        types = demo_paper_types_ensure(json.loads(fixture.read_text(encoding="utf-8")))
        if types:
            self.stdout.write("Paper types of the demo plan, from its papers: " + "; ".join(types))
        if meetings:
            self.stdout.write("Reporting calendar of the demo plan, from its papers: " + "; ".join(meetings))
        self.stdout.write(f"\nDemo log-ins (password for all: {DEMO_PASSWORD})")
        for username, role, person in accounts:
            self.stdout.write(f"  {username:<10} {role:<13} {person}")
