import pytest
from django.core.cache import cache

from actionplan.services.tokens import token_create


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Throttle counts live in the cache: each test starts with none (ids repeat between tests)."""
    cache.clear()
    yield
    cache.clear()


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def token_of():
    """A token for a user: token_of(user, name="…") -> (ApiToken, headers for the test client)."""

    def make(user, name="Dashboard feed"):
        token, secret = token_create(user=user, name=name, expires_on=None)
        return token, bearer(secret)

    return make
