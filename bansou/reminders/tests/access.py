"""Access decisions for reminders: one's own setting (every signed-in user, the operator too);
the report request letters for those who write records.

Both URLs are also POSTed: an empty setting form is shown again with its error (ok), and the
letters start a background job (run within the request in tests) whose page follows (ok).
"""

from django.urls import reverse

POST = {
    "reminders:settings": {},
    "reminders:letters": {},
}


def urls(request) -> dict[str, str]:
    # Neither URL takes an argument: each answers for the signed-in user's own chamber (an
    # empty letters page for a chamber without overdue reports, advisor_b's included).
    return {
        "reminders:settings": reverse("reminders:settings"),
        "reminders:letters": reverse("reminders:letters"),
    }
