"""Access decisions for meetings: case staff and committee members read the register and the
publications; the lead advisor, the coordinator and the administrator record them. Staff
development and the guide: case staff only (conferences discuss businesses' cases)."""

from datetime import date

from django.core.files.base import ContentFile
from django.urls import reverse

from bansou.meetings.models import Conference, Meeting, MeetingFile, Publication, Training
from bansou.testing import CHAMBER_OBJECT

OBJECTS = {
    "meetings:detail": CHAMBER_OBJECT,
    "meetings:edit": CHAMBER_OBJECT,
    "meetings:delete": CHAMBER_OBJECT,
    "meetings:review_add": CHAMBER_OBJECT,
    "meetings:file_add": CHAMBER_OBJECT,
    "meetings:file_download": CHAMBER_OBJECT,
    "meetings:publication_edit": CHAMBER_OBJECT,
    "meetings:conference_detail": CHAMBER_OBJECT,
    "meetings:conference_edit": CHAMBER_OBJECT,
    "meetings:training_edit": CHAMBER_OBJECT,
}

POST_ONLY = {"meetings:delete", "meetings:review_add", "meetings:file_add"}

POST = {"meetings:delete": {}, "meetings:review_add": {}, "meetings:file_add": {}}


def urls(request) -> dict[str, str]:
    business = request.getfixturevalue("assigned_business")
    lead = request.getfixturevalue("lead_advisor_a")
    org = business.organization
    meeting, _created = Meeting.objects.get_or_create(
        organization=org, title="連携推進会議", held_on=date(2024, 6, 1),
        defaults={"kind": "partner_banks", "created_by": lead},
    )  # fmt: skip
    victim = Meeting.objects.create(
        organization=org, title="取消", held_on=date(2024, 7, 1), kind="other", created_by=lead
    )
    attached = MeetingFile.objects.filter(meeting=meeting).first()
    if attached is None:
        attached = MeetingFile(organization=org, meeting=meeting, name="議事録.txt", size=3,
                               uploaded_by=lead)  # fmt: skip
        attached.file.save("minutes.txt", ContentFile(b"abc"), save=False)
        attached.save()
    publication, _ = Publication.objects.get_or_create(
        organization=org, title="調査結果", published_on=date(2024, 6, 30),
        defaults={"kind": "survey_result", "medium": "website"},
    )  # fmt: skip
    conference, _ = Conference.objects.get_or_create(
        organization=org, title="カンファレンス", held_on=date(2024, 6, 15),
        defaults={"format": "case_study"},
    )  # fmt: skip
    training, _ = Training.objects.get_or_create(
        organization=org, title="DX研修", held_on=date(2024, 6, 20), defaults={"kind": "dx_it"}
    )
    pk = {"pk": meeting.pk}
    return {
        "meetings:detail": reverse("meetings:detail", kwargs=pk),
        "meetings:edit": reverse("meetings:edit", kwargs=pk),
        "meetings:delete": reverse("meetings:delete", kwargs={"pk": victim.pk}),
        "meetings:review_add": reverse("meetings:review_add", kwargs=pk),
        "meetings:file_add": reverse("meetings:file_add", kwargs=pk),
        "meetings:file_download": reverse("meetings:file_download", kwargs={"pk": attached.pk}),
        "meetings:publication_edit": reverse(
            "meetings:publication_edit", kwargs={"pk": publication.pk}
        ),
        "meetings:conference_detail": reverse(
            "meetings:conference_detail", kwargs={"pk": conference.pk}
        ),
        "meetings:conference_edit": reverse(
            "meetings:conference_edit", kwargs={"pk": conference.pk}
        ),
        "meetings:training_edit": reverse("meetings:training_edit", kwargs={"pk": training.pk}),
        "meetings:guide_page": reverse("meetings:guide_page", kwargs={"theme": "startup"}),
        "meetings:guide_edit": reverse("meetings:guide_edit", kwargs={"theme": "startup"}),
    }
