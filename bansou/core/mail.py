"""The demo's e-mail backend: Django's console backend, written for a person to read.

Django writes the message as sent, and Japanese text goes as base64 (shorter than
quoted-printable), so the digest that `make demo` prints would be unreadable. This backend
prints the headers and the text decoded, and names the attachments. Like Django's console
backend it fails the deploy check (`bansou check --deploy`): production sets SMTP.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.mail import DEFAULT_MAILER_ALIAS
from django.core.mail.backends import console
from django.utils.translation import gettext as _

BACKEND = "bansou.core.mail.ConsoleBackend"
SHOWN_HEADERS = ("Subject", "From", "To", "Cc", "Reply-To", "Date")


class ConsoleBackend(console.EmailBackend):
    def write_message(self, message) -> None:
        parsed = message.message()
        lines = [f"{name}: {parsed[name]}" for name in SHOWN_HEADERS if parsed[name]]
        body = parsed.get_body(preferencelist=("plain", "html"))
        lines += ["", body.get_content().rstrip() if body is not None else ""]
        lines += [
            _("[attachment: %(name)s]") % {"name": part.get_filename()}
            for part in parsed.iter_attachments()
        ]
        self.stream.write("\n".join(lines) + "\n" + "-" * 79 + "\n")


@register(Tags.mail, deploy=True)
def check_console_backend(app_configs, **kwargs):
    try:
        backend = settings.MAILERS[DEFAULT_MAILER_ALIAS]["BACKEND"]
    except (AttributeError, KeyError):
        return []
    if backend != BACKEND:
        return []
    return [
        Error(
            "E-mail is printed on the terminal (the demo's backend), not sent.",
            hint="Set BANSOU_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend.",
            id="bansou.E001",
        )
    ]
