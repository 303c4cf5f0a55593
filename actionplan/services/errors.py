"""Errors services raise for views and commands to turn into pages and messages."""


class StaleEdit(Exception):
    """Someone saved the object after this form was opened; nothing was written. `current` is the
    object as it now stands, so the conflict page can show the other person's change."""

    def __init__(self, current):
        super().__init__("This changed since you opened it")
        self.current = current


class PlanLoadError(Exception):
    """A plan fixture cannot be loaded; the message names the problem (and nothing was written)."""


class AlreadyReviewed(Exception):
    """The completion claim was accepted, returned or withdrawn after the reviewer opened it; nothing
    was written. `current` is the claim as it now stands, so the page can say who decided and when."""

    def __init__(self, current):
        super().__init__("This completion has already been reviewed")
        self.current = current
