"""The errors a service or loader raises when a rule refuses an operation or a page."""

from django.http import Http404


class DomainError(Exception):
    """Carries a translated, user-facing message; views show it and write nothing."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class ExplainedNotFound(Http404):
    """A 404 whose page says why the page does not exist and where to go instead."""

    def __init__(self, message: str, *, next_url: str = "", next_label: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.next_url = next_url
        self.next_label = next_label
