"""The support record list and the knowledge search's results as files (shared renderer)."""

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.accounts.models import User
from bansou.core.exports import Exporter, format_date
from bansou.lib.eras import fiscal_year_label

from .choices import Channel, Theme
from .models import LOCAL_TZ, NARRATIVE_FIELDS, SupportRecord, SupportRecordTheme

CHUNK = 2000


class SupportRecordExporter(Exporter):
    filename_stem = "support-records"

    def sheet_title(self) -> str:
        return _("Support records")

    def header(self) -> list[str]:
        meta = SupportRecord._meta
        return [
            _("ID"),
            _("date"),
            _("time of day"),
            _("fiscal year"),
            _("channel"),
            _("business ID"),
            _("business"),
            _("staff in charge"),
            _("themes"),
            _("duration (minutes)"),
            *(str(meta.get_field(name).verbose_name) for name in NARRATIVE_FIELDS),
            _("next action"),
            _("next action due"),
            _("next action done"),
        ]

    def rows(self) -> Iterator[list]:
        """Plain tuples in chunks, with one themes query per chunk: 100,000 rows stay fast."""
        yes, no = _("Yes"), _("No")
        theme_labels = {code: str(label) for code, label in Theme.choices}
        channel_labels = {code: str(label) for code, label in Channel.choices}
        staff_names = {
            user.pk: str(user)
            for user in User.objects.filter(
                pk__in=self.queryset.order_by().values("staff_id").distinct()
            )
        }
        fiscal_year_labels: dict[int, str] = {}
        columns = (
            "pk",
            "occurred_at",
            "time_known",
            "occurred_on",
            "fiscal_year",
            "channel",
            "business_id",
            "business__name",
            "staff_id",
            "duration_minutes",
            *NARRATIVE_FIELDS,
            "next_action",
            "next_action_due",
            "next_action_done",
        )
        rows = self.queryset.order_by("-occurred_at", "-pk").values_list(*columns)
        for chunk in _chunks(rows.iterator(chunk_size=CHUNK), CHUNK):
            themes: dict[int, list[str]] = {}
            for record_id, theme in (
                SupportRecordTheme.objects.filter(record_id__in=[row[0] for row in chunk])
                .order_by("theme")
                .values_list("record_id", "theme")
            ):
                themes.setdefault(record_id, []).append(theme_labels[theme])
            for row in chunk:
                (pk, occurred_at, time_known, occurred_on, fy, channel, business_id,
                 business_name, staff_id, duration, *narrative, next_action, next_due,
                 next_done) = row  # fmt: skip
                if fy not in fiscal_year_labels:
                    fiscal_year_labels[fy] = fiscal_year_label(fy)
                yield [
                    pk,
                    format_date(occurred_on, self.date_style),
                    timezone.localtime(occurred_at, LOCAL_TZ).strftime("%H:%M")
                    if time_known
                    else "",
                    fiscal_year_labels[fy],
                    channel_labels.get(channel, channel),
                    business_id,
                    business_name,
                    staff_names.get(staff_id, ""),
                    "、".join(themes.get(pk, [])),
                    duration,
                    *narrative,
                    next_action,
                    format_date(next_due, self.date_style),
                    (yes if next_done else no) if next_action else "",
                ]


class KnowledgeSearchExporter(SupportRecordExporter):
    """The records a knowledge search found, with the same columns as the record list."""

    filename_stem = "knowledge-search"

    def sheet_title(self) -> str:
        return _("Knowledge search")


def _chunks(iterable, size: int):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
