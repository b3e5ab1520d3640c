"""Access decisions for background jobs: a job is its starter's (advisor_a's here); every other
member of the chamber gets 404 for it, as another chamber does."""

from django.urls import reverse

from bansou.jobs.models import Job, JobStatus
from bansou.testing import CHAMBER_OBJECT

OBJECTS = {
    "jobs:detail": CHAMBER_OBJECT,
    "jobs:progress": CHAMBER_OBJECT,
    "jobs:cancel": CHAMBER_OBJECT,
    "jobs:download": CHAMBER_OBJECT,
    "jobs:committee_pdf": CHAMBER_OBJECT,
}
_OTHERS = ("lead_advisor_a", "coordinator_a", "staff_a", "expert_a", "other_expert_a", "vendor_a")
_OTHERS_ALL = {**dict.fromkeys(_OTHERS, 404), "committee_a": 404, "admin_a": 404}
POST_ONLY = {"jobs:cancel", "jobs:start_export", "jobs:committee_pdf", "jobs:meeting_pack"}
GET = {
    "jobs:detail": _OTHERS_ALL,
    "jobs:progress": _OTHERS_ALL,
    # Finished jobs without a file answer 404 to their starter too.
    "jobs:download": {**_OTHERS_ALL, "advisor_a": 404},
    "jobs:cancel": {p: 405 for p in _OTHERS_ALL},
}
POST = {
    # A waiting job of advisor_a's: its starter cancels it (then 302 again: already ended).
    "jobs:cancel": _OTHERS_ALL,
    # Each holder starts their own job (run within the request in tests) and is sent to it.
    "jobs:start_export": {},
    "jobs:committee_pdf": {},
    "jobs:meeting_pack": {},
}


def urls(request) -> dict[str, str]:
    from bansou.committee.tests.access import _meeting

    meeting, _admin = _meeting(request)
    advisor = request.getfixturevalue("advisor_a")
    job = Job.objects.create(
        organization=advisor.organization,
        user=advisor,
        kind="dataio.check",
        title="確認",
        status=JobStatus.QUEUED,
    )
    return {
        "jobs:detail": reverse("jobs:detail", args=[job.pk]),
        "jobs:progress": reverse("jobs:progress", args=[job.pk]),
        "jobs:cancel": reverse("jobs:cancel", args=[job.pk]),
        "jobs:download": reverse("jobs:download", args=[job.pk]),
        "jobs:start_export": reverse("jobs:start_export", args=["businesses"]),
        "jobs:committee_pdf": reverse("jobs:committee_pdf", args=[meeting.pk]),
        "jobs:meeting_pack": reverse("jobs:meeting_pack") + "?fy=2024&month=3",
    }
