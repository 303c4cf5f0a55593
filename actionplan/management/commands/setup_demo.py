from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from actionplan.models import Plan
from actionplan.services.demo import DEMO_PASSWORD, demo_accounts_ensure, demo_calendar_ensure

FIXTURE = "herefordshire_jar.json"


class Command(BaseCommand):
    help = "Load the Herefordshire JAR plan when the database has none, create demo accounts, print log-ins."

    def handle(self, *args, **options):
        if not Plan.objects.exists():
            call_command("load_plan", str(Path(settings.BASE_DIR) / "fixtures" / FIXTURE), stdout=self.stdout)
        accounts = demo_accounts_ensure()
        meetings = demo_calendar_ensure()
        if meetings:
            self.stdout.write("Reporting calendar of the demo plan, from its papers: " + "; ".join(meetings))
        self.stdout.write(f"\nDemo log-ins (password for all: {DEMO_PASSWORD})")
        for username, role, person in accounts:
            self.stdout.write(f"  {username:<10} {role:<13} {person}")
