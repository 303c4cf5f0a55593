"""Error raised when the seed documents are missing or not recognisable."""


class FixtureBuildError(Exception):
    """A one-line message naming the problem (missing seed, header not found, ...)."""

    def __init__(self, message: str):
        message = " ".join(str(message).split())
        super().__init__(message)
        self.message = message
