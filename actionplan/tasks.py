"""Background tasks (django-tasks). `manage.py db_worker` runs them; `make run` starts it.

Tests use the immediate backend (jartracker/settings_test.py): a task runs inside enqueue().
A task only calls its body; the services that queue it import this module, never the reverse.
"""

from datetime import date

from django_tasks import task

from actionplan.services.notices import reminders_send
from actionplan.services.paper_render_worker import render_run


@task()
def render_paper_task(render_id: int) -> str:
    """Make the PDF a PaperRender asks for (a draft download or an issue) and record the outcome."""
    return render_run(render_id)


@task()
def send_reminders_task(day: str) -> str:
    """The day's reminder emails (`manage.py send_reminders`), queued each day by `schedule_reminders`."""
    report = reminders_send(date.fromisoformat(day))
    return (f"{len(report.sent)} sent, {len(report.already)} already sent, {len(report.failed)} failed, "
            f"{len(report.unreachable)} cannot be reminded")
