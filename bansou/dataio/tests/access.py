"""Access decisions for imports (record writers only) and whole-list exports (record readers)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bansou.dataio import services
from bansou.dataio.registry import get_import_kind

LOGIN = 302

MATRIX = {
    "dataio:index": (LOGIN, 200, 403, 403, 200, 200),
    "dataio:job": (LOGIN, 200, 403, 403, 200, 404),
    "dataio:mapping": (LOGIN, 200, 403, 403, 200, 404),
    "dataio:dry_run": (LOGIN, 200, 403, 403, 200, 404),
    "dataio:replace": (LOGIN, 405, 403, 403, 405, 405),
    "dataio:errors": (LOGIN, 200, 403, 403, 200, 404),
    "dataio:commit": (LOGIN, 405, 403, 403, 405, 405),
    "dataio:discard": (LOGIN, 405, 403, 403, 405, 405),
    "dataio:export": (LOGIN, 200, 403, 200, 200, 200),
    # A kind's template (ひな形): whoever may import.
    "dataio:template": (LOGIN, 200, 403, 403, 200, 200),
    # Agreeing to create the businesses a file names that the register lacks: POST only.
    "dataio:create_missing": (LOGIN, 405, 403, 403, 405, 405),
    # The history of imports, as the data page lists it: record writers, own chamber only.
    "dataio:jobs_export": (LOGIN, 200, 403, 403, 200, 200),
}
POST_MATRIX = {
    "dataio:commit": (LOGIN, 302, 403, 403, 302, 404),
    "dataio:discard": (LOGIN, 302, 403, 403, 302, 404),
    "dataio:replace": (LOGIN, 302, 403, 403, 302, 404),
    "dataio:create_missing": (LOGIN, 302, 403, 403, 302, 404),
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
