"""Every API endpoint × every method × every role, signed in and with a token of that role; and
without credentials. A new endpoint must be declared here."""

import json

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from actionplan.api import urls as api_urls
from actionplan.services.tokens import token_create
from tests.factories import EvidenceFactory, IndicatorFactory, IndicatorValueFactory, PaperFactory

ROLES = ["officer", "manager", "director", "clerk", "viewer", "norole"]
READERS = {"officer", "manager", "director", "clerk", "viewer"}
METHODS = ["get", "post", "put", "patch", "delete"]
# The write: officers on the actions they lead (world.mine is HL's, the officer's), plan managers on any.
WRITERS = {"officer", "manager"}

# url name -> (kwargs from the world, {method: roles allowed}); every other method answers 405 to those
# who may read, 403 to an account with no role and 401 without credentials.
ENDPOINTS = {
    "plans": (lambda w: {}, {"get": READERS}),
    "plan": (lambda w: {"slug": w.plan.slug}, {"get": READERS}),
    "recommendations": (lambda w: {"slug": w.plan.slug}, {"get": READERS}),
    "recommendation": (lambda w: {"slug": w.plan.slug, "number": 1}, {"get": READERS}),
    "people": (lambda w: {"slug": w.plan.slug}, {"get": READERS}),
    "glossary": (lambda w: {"slug": w.plan.slug}, {"get": READERS}),
    "indicators": (lambda w: {"slug": w.plan.slug}, {"get": READERS}),
    "papers": (lambda w: {"slug": w.plan.slug}, {"get": READERS}),
    "actions": (lambda w: {}, {"get": READERS}),
    "action": (lambda w: {"pk": w.mine.pk}, {"get": READERS}),
    "notes": (lambda w: {"pk": w.mine.pk}, {"get": READERS}),
    "evidence": (lambda w: {"pk": w.mine.pk}, {"get": READERS}),
    "progress": (lambda w: {"pk": w.mine.pk}, {"post": WRITERS}),
    "schema": (lambda w: {}, {"get": READERS}),
}
# The documentation page is for a person in a browser: signed in (a token alone is sent to sign in).
DOCS = "docs"


def test_every_api_endpoint_is_declared():
    names = {p.name for p in get_resolver(api_urls).url_patterns}
    assert names == set(ENDPOINTS) | {DOCS}


@pytest.fixture
def api_world(world):
    EvidenceFactory(action=world.mine)
    IndicatorValueFactory(indicator=IndicatorFactory(plan=world.plan, code="CH 12", title="Conferences"))
    PaperFactory(plan=world.plan, title="Issued", issued_at=timezone.now())
    return world


def call(client, name, kwargs, method, headers, version=1):
    url = reverse(f"api:{name}", kwargs=kwargs)
    body = {"version": version, "status": "in_progress"} if method in ("post", "put", "patch") else None
    if body is None:
        return getattr(client, method)(url, **headers)
    return getattr(client, method)(url, body, content_type="application/json", **headers)


def expected(name, method, role) -> int:
    allowed = ENDPOINTS[name][1]
    if role not in READERS:
        return 403
    if method not in allowed:
        return 405
    return 200 if role in allowed[method] else 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("how", ["session", "token"])
def test_api_permission_matrix(api_world, role, how):
    """One role, signed in or by token, walks every endpoint with every method (a fresh write each time:
    the version is read back before a write so that only the permission decides)."""
    client, headers = Client(), {}
    user = api_world.users[role]
    if how == "session":
        client.force_login(user)
    else:
        _, secret = token_create(user=user, name="matrix", expires_on=None)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    wrong = {}
    for name, (kwargs_for, _) in ENDPOINTS.items():
        for method in METHODS:
            api_world.mine.refresh_from_db()
            response = call(client, name, kwargs_for(api_world), method, headers, version=api_world.mine.version)
            want = expected(name, method, role)
            if response.status_code != want:
                wrong[f"{method.upper()} {name}"] = (response.status_code, want)
            elif want != 200 and not json.loads(response.content)["errors"][0]["message"]:
                wrong[f"{method.upper()} {name}"] = "no message"
    assert wrong == {}


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
@pytest.mark.parametrize("method", METHODS)
def test_without_credentials_every_endpoint_answers_401(client, api_world, name, method):
    response = call(client, name, ENDPOINTS[name][0](api_world), method, {})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize("role", ROLES)
def test_the_documentation_page_is_for_people_signed_in_with_a_role(client, api_world, role):
    client.force_login(api_world.users[role])
    assert client.get(reverse("api:docs")).status_code == (200 if role in READERS else 403)


def test_the_documentation_page_sends_someone_not_signed_in_to_sign_in(client, api_world):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method", METHODS)
def test_the_documentation_page_answers_each_method_by_role_and_a_token_alone_is_sent_to_sign_in(
    api_world, role, method
):
    """The documentation page in the matrix too: read by anyone with a role, never written; a token is not a
    sign-in (the page's "Try it out" sends the session's calls, each checked as the matrix above)."""
    signed_in = Client()
    signed_in.force_login(api_world.users[role])
    want = 403 if role not in READERS else (200 if method == "get" else 405)
    assert getattr(signed_in, method)(reverse("api:docs")).status_code == want
    _, secret = token_create(user=api_world.users[role], name="docs", expires_on=None)
    by_token = getattr(Client(), method)(reverse("api:docs"), HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert by_token.status_code == 302
    assert "/accounts/login/" in by_token["Location"]
