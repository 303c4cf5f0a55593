"""Background tasks (django-tasks). `manage.py db_worker` runs them; `make run` starts it.

Tests use the immediate backend (jartracker/settings_test.py): a task runs inside enqueue().
A task only calls its body; the services that queue it import this module, never the reverse.
"""

from django_tasks import task

from actionplan.services.paper_render_worker import render_run


@task()
def render_paper_task(render_id: int) -> str:
    """Make the PDF a PaperRender asks for (a draft download or an issue) and record the outcome."""
    return render_run(render_id)
