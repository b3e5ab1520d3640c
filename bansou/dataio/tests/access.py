"""Access decisions for imports (record writers only) and whole-list exports (record readers)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bansou.dataio import services
from bansou.dataio.registry import get_import_kind
from bansou.testing import CHAMBER_OBJECT

OBJECTS = {
    "dataio:job": CHAMBER_OBJECT,
    "dataio:mapping": CHAMBER_OBJECT,
    "dataio:dry_run": CHAMBER_OBJECT,
    "dataio:replace": CHAMBER_OBJECT,
    "dataio:errors": CHAMBER_OBJECT,
    "dataio:commit": CHAMBER_OBJECT,
    "dataio:discard": CHAMBER_OBJECT,
    "dataio:create_missing": CHAMBER_OBJECT,
}

POST_ONLY = {
    "dataio:replace",
    "dataio:commit",
    "dataio:discard",
    "dataio:create_missing",
}

POST = {
    "dataio:commit": {},
    "dataio:discard": {},
    "dataio:replace": {},
    "dataio:create_missing": {},
}


def urls(request) -> dict[str, str]:
    advisor = request.getfixturevalue("advisor_a")
    upload = SimpleUploadedFile(
        "businesses.csv",
        "名称,フリガナ,業種\r\n青葉商店,アオバショウテン,小売業\r\n".encode("cp932"),
    )
    # A fresh, checked job per call: a successful commit or discard leaves the next persona one.
    job = services.create_job(kind=get_import_kind("businesses"), upload=upload, user=advisor)
    services.check_job(job)
    pk = {"pk": job.pk}
    return {
        name: reverse(name, kwargs=pk)
        for name in (
            "dataio:job",
            "dataio:mapping",
            "dataio:dry_run",
            "dataio:replace",
            "dataio:errors",
            "dataio:commit",
            "dataio:discard",
            "dataio:create_missing",
        )
    } | {
        "dataio:export": reverse("dataio:export", kwargs={"kind": "businesses"}),
        "dataio:template": reverse("dataio:template", kwargs={"kind": "motivation_checks"}),
    }
