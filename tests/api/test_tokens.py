"""Personal access tokens: made on the owner's page (secret shown once, stored hashed), revocable,
with an optional expiry; a token acts as its owner."""

import hashlib
import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from actionplan.dates import uk_datetime
from actionplan.models import ApiToken
from tests.api.conftest import bearer


def make_on_page(client, user, **fields):
    client.force_login(user)
    return client.post(reverse("api_tokens"), {"name": "Power BI", **fields})


def secret_on(response) -> str:
    return re.search(r'<code id="new-token">(jt_[^<]+)</code>', response.content.decode())[1]


def test_a_token_made_on_the_page_is_shown_once_and_stored_only_as_its_hash(client, world):
    response = make_on_page(client, world.users["viewer"])
    assert response.status_code == 200
    secret = secret_on(response)
    token = ApiToken.objects.get(user=world.users["viewer"])
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values().get())
    again = client.get(reverse("api_tokens")).content.decode()
    assert secret not in again
    assert token.prefix in again


def test_a_token_reads_as_its_owner(client, world):
    secret = secret_on(make_on_page(client, world.users["viewer"]))
    client.logout()
    assert client.get("/api/v1/plans/", **bearer(secret)).status_code == 200


def test_a_revoked_token_is_refused_401(client, world):
    secret = secret_on(make_on_page(client, world.users["viewer"]))
    token = ApiToken.objects.get()
    response = client.post(reverse("api_token_revoke", args=[token.pk]), follow=True)
    assert "is revoked" in response.content.decode()
    client.logout()
    refused = client.get("/api/v1/plans/", **bearer(secret))
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["message"] == "This token is not known, has expired or was revoked"


def test_an_expired_token_is_refused_after_its_last_day(client, world):
    secret = secret_on(make_on_page(client, world.users["viewer"]))
    client.logout()
    ApiToken.objects.update(expires_on=timezone.localdate() - timedelta(days=1))
    assert client.get("/api/v1/plans/", **bearer(secret)).status_code == 401
    ApiToken.objects.update(expires_on=timezone.localdate())
    assert client.get("/api/v1/plans/", **bearer(secret)).status_code == 200


def test_nobody_may_revoke_someone_elses_token(client, world):
    make_on_page(client, world.users["viewer"])
    token = ApiToken.objects.get()
    client.force_login(world.users["manager"])
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_form_refuses_no_name_a_repeated_name_and_a_past_expiry(client, world):
    make_on_page(client, world.users["viewer"])
    blank = make_on_page(client, world.users["viewer"], name=" ")
    assert "Enter a name for the token" in blank.content.decode()
    repeated = make_on_page(client, world.users["viewer"])
    assert "You already have a token with that name" in repeated.content.decode()
    past = make_on_page(client, world.users["viewer"], name="Old", expires_on="2020-01-01")
    assert "Expiry date must be today or in the future" in past.content.decode()
    assert past.status_code == 400
    assert ApiToken.objects.count() == 1


def test_a_garbled_authorization_header_is_refused_401_with_a_bearer_challenge(client, world):
    response = client.get("/api/v1/plans/", HTTP_AUTHORIZATION="Bearer two words")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_reads_and_writes_stamp_last_used_at_most_once_a_minute_and_the_page_shows_it(client, world, monkeypatch):
    """Reads show on the owner's page too, without a write for every call (services/tokens.py)."""
    secret = secret_on(make_on_page(client, world.users["officer"]))
    client.logout()
    real_now, clock = timezone.now, {"now": timezone.now()}
    made = clock["now"]
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    assert client.get("/api/v1/plans/", **bearer(secret)).status_code == 200
    assert client.get("/api/v1/plans/", **bearer(secret)).status_code == 200
    written = client.post(f"/api/v1/actions/{world.mine.pk}/progress/", {"version": 1, "status": "in_progress"},
                          content_type="application/json", **bearer(secret))
    assert written.status_code == 200
    token = ApiToken.objects.get()
    assert (token.last_used_at, token.minutes_used) == (made, 1)
    clock["now"] = later = made + timedelta(minutes=1, seconds=1)
    assert client.get("/api/v1/plans/", **bearer(secret)).status_code == 200
    token.refresh_from_db()
    assert (token.last_used_at, token.minutes_used) == (later, 2)
    monkeypatch.setattr(timezone, "now", real_now)
    client.force_login(world.users["officer"])
    page = client.get(reverse("api_tokens")).content.decode()
    assert uk_datetime(later) in page
    assert re.search(r"Minutes in use</dt>\s*<dd[^>]*>2\b", page)


def test_a_tokens_history_shows_who_made_and_revoked_it_and_not_its_use(client, world):
    secret = secret_on(make_on_page(client, world.users["viewer"]))
    token = ApiToken.objects.get()
    client.post(reverse("api_token_revoke", args=[token.pk]))
    client.logout()
    rows = token.history.order_by("history_id").values_list("history_type", "history_user", "history_change_reason")
    owner = world.users["viewer"].pk
    assert list(rows) == [("+", owner, "API token made"), ("~", owner, "API token revoked")]
    assert token.history.latest().revoked_at is not None
    client.get("/api/v1/plans/", **bearer(secret))  # refused (revoked): nothing recorded
    assert token.history.count() == 2
