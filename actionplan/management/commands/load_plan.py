import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from actionplan.services.loading import PlanLoadError, plan_load_fixture


class Command(BaseCommand):
    help = "Load a plan from a fixture file (JSON in the project's fixture format), history back-dated."

    def add_arguments(self, parser):
        parser.add_argument("fixture", help="path to the fixture, e.g. fixtures/herefordshire_jar.json")

    def handle(self, *args, fixture, **options):
        path = Path(fixture)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise CommandError(f"{path}: not a JSON fixture ({e})") from None
        try:
            plan = plan_load_fixture(data=data, reason=f"Loaded from {path.name}")
        except PlanLoadError as e:
            raise CommandError(f"{path}: {e}") from None
        self.stdout.write(
            f"Loaded {plan.title} ({plan.slug}): {plan.recommendations.count()} recommendations"
        )
