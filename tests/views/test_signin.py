"""Signing in: lock-outs after failed sign-ins (per username, per address), when they lift, the address
behind the council's proxy, the password-reset limit, and sessions ending after a working day idle."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from actionplan import dates
from tests.conftest import PASSWORD

OFFICE = "192.0.2.10"


def sign_in(client, username, password, address=OFFICE, **headers):
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR=address, headers=headers)


def signed_in(client) -> bool:
    return client.get(reverse("home")).status_code == 200


def test_thirty_wrong_passwords_then_the_right_one_is_refused_with_when_it_lifts(client, world):
    for _ in range(30):
        sign_in(client, "officer", "guess")
    response = sign_in(client, "officer", PASSWORD)
    html = response.content.decode()
    lifts = AccessAttempt.objects.get(username="officer").attempt_time + timedelta(minutes=15)
    assert response.status_code == 429
    assert "Signing in is paused" in html
    assert "too many attempts to sign in with the wrong password to this account" in html
    assert f"You can sign in again after <strong>{dates.uk_time_on(lifts)}</strong>" in html
    assert int(response["Retry-After"]) > 14 * 60
    assert not signed_in(client)


def test_the_fifth_wrong_password_is_the_one_that_locks(client, world):
    for _ in range(4):
        assert sign_in(client, "officer", "guess").status_code == 200  # the form again, with its error
    assert sign_in(client, "officer", "guess").status_code == 429


def test_a_few_wrong_passwords_do_not_lock_the_account(client, world):
    for _ in range(4):
        sign_in(client, "officer", "guess")
    assert sign_in(client, "officer", PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_lock_lifts_after_the_cool_off(client, world, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=2)
    for _ in range(5):
        sign_in(client, "officer", "guess")
    assert "after <strong>" in sign_in(client, "officer", PASSWORD).content.decode()
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=2, seconds=1))
    assert sign_in(client, "officer", PASSWORD).status_code == 302
    assert signed_in(client)


def test_attempts_while_locked_do_not_extend_the_lock(client, world):
    for _ in range(5):
        sign_in(client, "officer", "guess")
    locked_at = AccessAttempt.objects.get().attempt_time
    for _ in range(3):
        assert sign_in(client, "officer", "guess").status_code == 429
    assert AccessAttempt.objects.get().attempt_time == locked_at


def test_the_username_is_locked_from_every_address(client, world):
    for n in range(5):
        sign_in(client, "officer", "guess", address=f"198.51.100.{n}")
    assert sign_in(client, "officer", PASSWORD, address="203.0.113.9").status_code == 429


def test_an_address_is_locked_after_fifty_failures_across_usernames(client, world):
    for n in range(49):
        sign_in(client, f"nobody{n}", "guess")
    assert sign_in(client, "viewer", PASSWORD).status_code == 302  # 49 failures: the office may still sign in
    client.post(reverse("logout"))
    sign_in(client, "nobody49", "guess")
    response = sign_in(client, "director", PASSWORD)
    assert response.status_code == 429
    assert "from your network" in response.content.decode()
    assert sign_in(client, "director", PASSWORD, address="203.0.113.9").status_code == 302  # from elsewhere


def test_behind_the_proxy_the_address_counted_is_the_one_the_proxy_saw(client, world, settings):
    settings.PROXY_COUNT = 1
    for n in range(50):  # each claims another address in the part of the header the client writes
        sign_in(client, f"nobody{n}", "guess", address="10.0.0.2", x_forwarded_for=f"203.0.113.{n}, {OFFICE}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {OFFICE}
    assert sign_in(client, "director", PASSWORD, address="10.0.0.2", x_forwarded_for=OFFICE).status_code == 429
    other = sign_in(client, "director", PASSWORD, address="10.0.0.2", x_forwarded_for="198.51.100.7")
    assert other.status_code == 302


def test_the_lock_out_page_offers_a_password_reset_and_a_way_back(client, world):
    for _ in range(5):
        sign_in(client, "officer", "guess")
    html = sign_in(client, "officer", PASSWORD).content.decode()
    assert f'href="{reverse("password_reset")}">reset your password' in html
    assert f'href="{reverse("login")}">Back to sign in' in html


# --- password reset -----------------------------------------------------------------------------------


def ask_for_reset(client, email, address=OFFICE):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


@pytest.fixture
def officer_email(world):
    world.users["officer"].email = "henry.lewis@council.example"
    world.users["officer"].save()
    return "henry.lewis@council.example"


def test_three_reset_links_an_hour_for_one_email_address_then_a_message_saying_when(client, officer_email):
    for _ in range(3):
        assert ask_for_reset(client, officer_email).status_code == 302
    first = timezone.now()
    response = ask_for_reset(client, officer_email.upper())  # the same address, however it is typed
    html = response.content.decode()
    assert response.status_code == 429
    assert len(mail.outbox) == 3
    assert "There is a problem" in html
    when = re.search(r"You have asked for too many reset links\. Try again after ([^<.]+)\.", html)[1]
    assert when in {dates.uk_time_on(first + timedelta(minutes=60, seconds=s)) for s in (-60, 0)}
    assert int(response["Retry-After"]) > 59 * 60


def test_the_reset_limit_counts_one_email_address_from_any_client_address(client, officer_email):
    for n in range(3):
        ask_for_reset(client, officer_email, address=f"198.51.100.{n}")
    assert ask_for_reset(client, officer_email, address="203.0.113.9").status_code == 429


def test_the_reset_limit_counts_one_client_address_across_email_addresses(client, officer_email):
    for n in range(20):
        assert ask_for_reset(client, f"someone{n}@example.org").status_code == 302
    assert ask_for_reset(client, officer_email).status_code == 429
    assert ask_for_reset(client, officer_email, address="203.0.113.9").status_code == 302
    assert len(mail.outbox) == 1  # only the officer's is a real account


def test_the_reset_limit_lifts_after_its_window(client, officer_email):
    from actionplan.models import PasswordResetRequest

    for _ in range(3):
        ask_for_reset(client, officer_email)
    PasswordResetRequest.objects.update(requested_at=F("requested_at") - timedelta(minutes=60, seconds=1))
    assert ask_for_reset(client, officer_email).status_code == 302
    assert len(mail.outbox) == 4


# --- sessions ------------------------------------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch):
    """Moves Django's clock (timezone.now, which sessions read) forward."""
    real_now = timezone.now
    offset = {"by": timedelta()}
    monkeypatch.setattr(timezone, "now", lambda: real_now() + offset["by"])

    def advance(**delta):
        offset["by"] += timedelta(**delta)

    return advance


def test_a_session_ends_after_a_working_day_without_a_page_read(client, world, clock):
    sign_in(client, "officer", PASSWORD)
    clock(hours=7, minutes=59)
    assert signed_in(client)
    clock(hours=8, minutes=1)  # the page at 7:59 renewed it for another working day
    assert not signed_in(client)
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_reading_pages_keeps_a_session_going_all_day(client, world, clock):
    sign_in(client, "officer", PASSWORD)
    for _ in range(6):
        clock(hours=3)
        assert signed_in(client)


def test_the_idle_time_is_a_setting(client, world, clock, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    sign_in(client, "officer", PASSWORD)
    clock(minutes=31)
    assert not signed_in(client)


def test_a_session_cookie_lasts_a_working_day_or_until_the_browser_closes(client, world, settings):
    response = sign_in(client, "officer", PASSWORD)
    assert response.cookies["sessionid"]["max-age"] == 8 * 60 * 60
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    response = sign_in(client, "officer", PASSWORD)
    assert response.cookies["sessionid"]["max-age"] == ""
    assert response.cookies["sessionid"]["expires"] == ""


def test_a_session_is_renewed_at_most_every_quarter_of_an_hour(client, world, clock):
    from django.contrib.sessions.models import Session

    sign_in(client, "officer", PASSWORD)
    signed_in_until = Session.objects.get().expire_date
    clock(minutes=14)
    assert signed_in(client)
    assert Session.objects.get().expire_date == signed_in_until  # no write for this page
    clock(minutes=2)
    assert signed_in(client)
    assert Session.objects.get().expire_date - signed_in_until >= timedelta(minutes=16)
