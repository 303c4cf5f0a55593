"""Who is calling the API: a personal access token (models/token.py) or, for the documentation page,
the signed-in session; what they may do is the same per-object rules as the pages (permissions.py)."""

from __future__ import annotations

from django.core.cache import caches
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling

from actionplan import permissions as perms
from actionplan.services.tokens import token_for_secret
from jartracker.db.reads import writes_allowed

KEYWORD = "Bearer"


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer jt_…`. The request then acts as the token's owner; `request.auth` is the
    token (its name goes into the history of every write)."""

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode("latin-1").lower() != KEYWORD.lower():
            return None
        if len(parts) != 2:  # noqa: PLR2004 - the keyword and the secret
            raise exceptions.AuthenticationFailed("Give the token after Bearer, with no spaces in it")
        token = token_for_secret(parts[1].decode("latin-1"))
        if token is None:
            raise exceptions.AuthenticationFailed("This token is not known, has expired or was revoked")
        return token.user, token

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="api"'


class ReadsPlans(permissions.BasePermission):
    """Every role reads every plan (permissions.can_read); an account with no role reads nothing.
    Writes check the object as the form does (views call permissions.action_for)."""

    message = "Your account has no role in jartracker: ask a plan manager for one"

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and perms.can_read(request.user))


class PerTokenThrottle(throttling.SimpleRateThrottle):
    """Calls a minute for each token (JARTRACKER_API_CALLS_PER_MINUTE); a session counts per person.

    The counts are kept in the database (settings.CACHES["throttle"]), not in each worker's memory, so
    the limit holds however many gunicorn workers answer. The API's views count a call before their own
    transaction begins (api/base.py), so the count is kept even when the call is refused or fails."""

    scope = "token"
    cache = caches["throttle"]

    def allow_request(self, request, view):
        with writes_allowed():  # a read request counts its call too
            return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if request.auth is not None and hasattr(request.auth, "pk"):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    """How the schema describes the token: HTTP bearer."""

    target_class = PersonalTokenAuthentication
    name = "personalAccessToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A personal access token (jt_…), made on your account page in jartracker"}
