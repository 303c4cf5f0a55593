"""Background tasks (django-tasks). `manage.py db_worker` runs them; `make run` starts it.

Tests use the immediate backend (jartracker/settings_test.py): a task runs inside enqueue().
"""

from django_tasks import task


@task()
def render_paper_task(render_id: int) -> str:
    """Make the PDF a PaperRender asks for (a draft download or an issue) and record the outcome."""
    from actionplan.services.paper_renders import render_run

    return render_run(render_id)
