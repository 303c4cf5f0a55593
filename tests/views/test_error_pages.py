"""Error pages (DEBUG off, as in production): each in the service's layout with a way back, and each
rendered without the database; a database that cannot be reached is the 503 page, never a bare error."""

from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from actionplan.models import ProgressNote

pytestmark = pytest.mark.urls("tests.views.error_urls")


@contextmanager
def database_down():
    """Every query fails as a lost connection does; yields the statements that were tried."""
    tried = []

    def refuse(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            return execute(sql, params, many, context)  # the test's own transaction bookkeeping
        tried.append(sql)
        raise OperationalError("server closed the connection unexpectedly")

    with connection.execute_wrapper(refuse):
        yield tried


def styled(html: str) -> bool:
    """The service's layout: its stylesheet, header and footer with the council's name."""
    return "build/app.css" in html and "govuk-service-navigation" in html and "app-footer__council" in html


def test_page_not_found_is_styled_with_a_way_home(client, world):
    client.force_login(world.users["officer"])
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert styled(html)
    assert "Page not found" in html
    assert f'href="{reverse("home")}">Go to your actions' in html
    assert "Henry Lewis" in html  # the header still says who is signed in, and offers the plans
    assert f'href="{reverse("plan_list")}"' in html


def test_page_not_found_needs_no_database(client, db):
    with database_down() as tried:
        response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert styled(html)
    assert "Page not found" in html
    assert tried == []


def test_permission_denied_is_styled_with_a_way_home(client, world):
    client.force_login(world.users["viewer"])
    response = client.get(reverse("action_update", args=[world.mine.pk]))
    html = response.content.decode()
    assert response.status_code == 403
    assert styled(html)
    assert "You do not have permission to do this" in html
    assert "Go to your actions" in html


def test_a_form_refused_by_the_csrf_check_says_so_and_links_back_to_it(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "officer", "password": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert styled(html)
    assert "The form could not be sent" in html
    assert "Nothing you submitted was saved" in html
    assert f'href="{reverse("login")}">Open the form again' in html


def test_bad_request_is_styled(client, db):
    response = client.get(reverse("login"), headers={"host": "not-this-service.example"})
    html = response.content.decode()
    assert response.status_code == 400
    assert styled(html)
    assert "Sorry, there is a problem with your request" in html
    assert "Go to your actions" in html


def test_a_3_mb_progress_note_gets_a_page_saying_the_text_was_too_large(client, world):
    client.force_login(world.users["officer"])
    url = reverse("action_update", args=[world.mine.pk])
    response = client.post(url, {"version": world.mine.version, "status": "in_progress", "note_text": "x" * 3_000_000})
    html = response.content.decode()
    assert response.status_code == 413
    assert styled(html)
    assert "What you sent was too large" in html
    assert "The text in the form was more than this service reads in one go: 2.5 MB" in html
    assert "a progress note, for example, holds up to 10,000 characters" in html
    assert f'href="{url}">Go back to the form' in html
    assert not ProgressNote.objects.exists()


def test_a_text_only_form_too_large_says_how_much_was_sent(client, world):
    client.force_login(world.users["officer"])
    body = f"version={world.mine.version}&status=in_progress&note_text=" + "x" * 3_200_000
    response = client.post(reverse("action_update", args=[world.mine.pk]), body,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "and the form sent 3.1 MB" in response.content.decode()


def test_a_fault_in_the_service_is_a_styled_500_with_a_way_home(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["officer"])
    response = client.get("/test/fails/")
    html = response.content.decode()
    assert response.status_code == 500
    assert styled(html)
    assert "Sorry, there is a problem with the service" in html
    assert "Go to your actions" in html


def test_the_500_page_tries_no_query(db):
    client = Client(raise_request_exception=False)
    with database_down() as tried:
        response = client.get("/test/fails/")
    assert response.status_code == 500
    assert styled(response.content.decode())
    assert tried == []


def test_a_database_that_cannot_be_reached_is_the_503_page(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["officer"])
    with database_down() as tried:
        response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert styled(html)
    assert "The service is busy or being restarted: try again in a minute." in html
    assert "Nothing you submitted was saved." in html
    assert f'href="{reverse("home")}">Try again' in html
    assert len(tried) == 1  # the session's read failed; the page itself asked nothing


def test_a_signed_in_person_asking_for_any_address_while_the_database_is_down_gets_the_503_page(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["officer"])
    with database_down():
        response = client.get("/no-such-page/")
    assert response.status_code == 503  # who they are cannot be read, so neither can what they may see
    assert "Sorry, the service is unavailable" in response.content.decode()


def test_a_progress_update_sent_while_the_database_is_down_is_the_503_page_and_saves_nothing(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["officer"])
    url = reverse("action_update", args=[world.mine.pk])
    with database_down():
        response = client.post(url, {"version": world.mine.version, "status": "in_progress", "note_text": "Done"})
    assert response.status_code == 503
    assert f'href="{url}">Try again' in response.content.decode()
    assert not ProgressNote.objects.exists()


def test_a_database_error_raised_by_a_view_itself_is_the_503_page(world):
    client = Client(raise_request_exception=False)
    response = client.get("/test/database-gone/")
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in response.content.decode()
