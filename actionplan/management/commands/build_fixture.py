from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from actionplan.management.commands._output import output_path, writing
from tools.fixture_builder import FixtureBuildError, build_fixture, write_fixture


class Command(BaseCommand):
    help = "Rebuild fixtures/herefordshire_jar.json from the seed documents plus fixtures/corrections.json."

    def add_arguments(self, parser):
        parser.add_argument("--seeds", default=str(settings.BASE_DIR.parent / "shared" / "seeds"))
        parser.add_argument("--corrections", default=str(settings.BASE_DIR / "fixtures" / "corrections.json"))
        parser.add_argument(
            "-o", "--output", default=str(settings.BASE_DIR / "fixtures" / "herefordshire_jar.json")
        )

    def handle(self, *args, seeds, corrections, output, **options):
        seed_dir = Path(seeds)
        path = output_path("-o", output)
        if not seed_dir.is_dir():
            raise CommandError(f"--seeds: {seed_dir} is not a folder of seed documents")
        try:
            data = build_fixture(seed_dir, Path(corrections))
        except FixtureBuildError as e:
            raise CommandError(str(e)) from None
        with writing("-o", path) as tmp:
            write_fixture(data, tmp)
        actions = sum(len(r["actions"]) for r in data["recommendations"])
        self.stdout.write(
            f"Wrote {output}: {len(data['recommendations'])} recommendations, {actions} actions"
        )
