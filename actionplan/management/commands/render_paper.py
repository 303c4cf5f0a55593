from django.core.management.base import BaseCommand, CommandError

from actionplan.management.commands._dates import get_plan, parse_as_at, parse_date
from actionplan.management.commands._output import output_path, writing
from actionplan.models import Paper
from actionplan.papers.defaults import KIND_SLUGS
from actionplan.papers.render import PaperRenderError, render_paper_pdf
from actionplan.services.papers import PaperError, issued_pdf_bytes, paper_build


class Command(BaseCommand):
    help = (
        "Write a paper as PDF. `render_paper 12 -o out.pdf` writes paper 12 (an issued paper: the stored "
        "file, byte for byte, unless --rerender). `render_paper --type action-plan --plan SLUG --as-at "
        "2006-05-19 -o plan.pdf` renders a paper of that type with its defaults, without saving it."
    )

    def add_arguments(self, parser):
        parser.add_argument("paper", nargs="?", type=int, help="the paper's id (see the papers page)")
        parser.add_argument("--type", dest="kind", choices=sorted(KIND_SLUGS), help="render a type of paper")
        parser.add_argument("--plan", help="the plan's slug, with --type")
        parser.add_argument("--as-at", dest="as_at", help="YYYY-MM-DD, with --type: the plan as at that day")
        parser.add_argument("--meeting-date", dest="meeting_date", help="YYYY-MM-DD (default: the as-at date)")
        parser.add_argument("--rerender", action="store_true",
                            help="render an issued paper afresh instead of writing the stored file")
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write")

    def handle(self, *args, paper, kind, plan, as_at, meeting_date, rerender, output, **options):
        path = output_path("-o", output)
        if (paper is None) == (kind is None):
            raise CommandError("give either a paper id or --type (with --plan and --as-at)")
        try:
            data = self._paper_pdf(paper, rerender) if paper is not None else self._type_pdf(
                kind, plan, as_at, meeting_date
            )
        except (PaperError, PaperRenderError) as e:
            raise CommandError(str(e)) from None
        with writing("-o", path) as tmp:
            tmp.write_bytes(data)
        self.stdout.write(f"Wrote {path} ({len(data):,} bytes)")

    def _paper_pdf(self, pk: int, rerender: bool) -> bytes:
        try:
            paper = Paper.objects.select_related("plan").get(pk=pk)
        except Paper.DoesNotExist:
            raise CommandError(f"no paper {pk}") from None
        if paper.is_issued and not rerender:
            return issued_pdf_bytes(paper)
        return render_paper_pdf(paper)

    def _type_pdf(self, kind: str, slug: str | None, as_at: str | None, meeting_date: str | None) -> bytes:
        if not slug or not as_at:
            raise CommandError("--type needs --plan and --as-at")
        plan = get_plan(slug)
        day = parse_as_at(plan, as_at)
        meeting = parse_date(meeting_date, "--meeting-date") if meeting_date else None
        paper = paper_build(plan=plan, kind=KIND_SLUGS[kind], as_at=day, meeting_date=meeting)
        return render_paper_pdf(paper)
