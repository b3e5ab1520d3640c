"""Every error of the API as JSON with a Japanese message: {"detail": …, "errors": […]}."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from bansou.core.errors import DomainError


class NotFound(Http404):
    """A 404 with a translated message for the client."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ErrorItem(Schema):
    loc: list[str | int]
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[ErrorItem] = []


def _messages() -> dict[str, str]:
    """Pydantic's error types in the words a chamber's programmer reads."""
    return {
        "missing": _("This field is required."),
        "int_parsing": _("Enter a whole number."),
        "int_type": _("Enter a whole number."),
        "int_from_float": _("Enter a whole number."),
        "float_parsing": _("Enter a number."),
        "decimal_parsing": _("Enter a number."),
        "bool_parsing": _("Enter true or false."),
        "bool_type": _("Enter true or false."),
        "date_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_type": _("Enter a date as YYYY-MM-DD."),
        "datetime_parsing": _("Enter a date and time in ISO 8601 with a time zone."),
        "datetime_from_date_parsing": _("Enter a date and time in ISO 8601 with a time zone."),
        "datetime_type": _("Enter a date and time in ISO 8601 with a time zone."),
        "timezone_aware": _("Enter a date and time in ISO 8601 with a time zone."),
        "greater_than_equal": _("The value is too small."),
        "greater_than": _("The value is too small."),
        "less_than_equal": _("The value is too large."),
        "less_than": _("The value is too large."),
        "string_too_long": _("The text is too long."),
        "string_too_short": _("The text is too short."),
        "string_type": _("Enter text."),
        "literal_error": _("Choose one of the values the schema lists."),
        "enum": _("Choose one of the values the schema lists."),
        "list_type": _("Enter a list."),
        "too_long": _("The list is too long."),
        "too_short": _("The list is too short."),
        "model_type": _("Send a JSON object."),
        "model_attributes_type": _("Send a JSON object."),
        "dict_type": _("Send a JSON object."),
        "extra_forbidden": _("This field is not accepted."),
        "json_invalid": _("The body is not valid JSON."),
    }


def _item(error: dict, messages: dict[str, str]) -> dict:
    kind = error.get("type", "")
    if kind == "value_error":
        # Our own validators raise ValueError with a translated message.
        message = str(error.get("ctx", {}).get("error", "")) or _("The value is not valid.")
    else:
        message = messages.get(kind, _("The value is not valid."))
    loc = [part if isinstance(part, int) else str(part) for part in error.get("loc", ())]
    return {"loc": loc, "message": message}


def install(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, detail: str, errors=()) -> HttpResponse:
        response = api.create_response(
            request, {"detail": detail, "errors": list(errors)}, status=status
        )
        if status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="bansou"'
        return response

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        messages = _messages()
        return respond(
            request,
            422,
            _("The request has values that are not valid; nothing was written."),
            [_item(error, messages) for error in exc.errors],
        )

    @api.exception_handler(AuthenticationError)
    def authentication_error(request, exc):
        return respond(
            request,
            401,
            _(
                "A valid API token is required: send it as Authorization: Bearer <token> "
                "(create one on the API tokens page)."
            ),
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            return respond(request, 400, _("The body is not valid JSON."))
        return respond(request, exc.status_code, str(exc))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        # A message of our own (ExplainedNotFound, NotFound) says more; Django's own
        # ("No … matches the given query.") is English and names the model: never shown.
        message = getattr(exc, "message", None) or _("Not found (or not in your chamber).")
        return respond(request, 404, message)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        return respond(request, 403, _("Your role does not allow this."))

    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        return respond(request, 422, exc.message)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return respond(request, 413, _("The request body is too large."))

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request, exc):
        return respond(request, 400, _("The request could not be read."))
