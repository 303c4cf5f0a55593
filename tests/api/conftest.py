import pytest

from actionplan.services.tokens import token_create

# Throttle counts live in a table of the test database (settings.CACHES["throttle"]): each test's own
# transaction takes its counts away with it.


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def token_of():
    """A token for a user: token_of(user, name="…") -> (ApiToken, headers for the test client)."""

    def make(user, name="Dashboard feed"):
        token, secret = token_create(user=user, name=name, expires_on=None)
        return token, bearer(secret)

    return make
