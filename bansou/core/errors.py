"""The error a service raises when a domain rule refuses an operation."""


class DomainError(Exception):
    """Carries a translated, user-facing message; views show it and write nothing."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
