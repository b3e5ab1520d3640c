"""The support record list as a file: header and rows for the shared xlsx/CSV renderer."""

from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from bansou.core.exports import Exporter, format_date
from bansou.lib.eras import fiscal_year_label

from .choices import Theme
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
        yes, no = _("Yes"), _("No")
        labels = dict(Theme.choices)
        records = (
            self.queryset.select_related("business", "staff")
            .prefetch_related(
                Prefetch("themes", queryset=SupportRecordTheme.objects.order_by("theme"))
            )
            .order_by("-occurred_at", "-pk")
        )
        # iterator(chunk_size) keeps the prefetch to one query per chunk (Django ≥ 4.1).
        for r in records.iterator(chunk_size=CHUNK):
            r: SupportRecord
            local = timezone.localtime(r.occurred_at, LOCAL_TZ)
            yield [
                r.pk,
                format_date(r.occurred_on, self.date_style),
                local.strftime("%H:%M"),
                fiscal_year_label(r.fiscal_year),
                r.get_channel_display(),
                r.business.name,
                str(r.staff),
                "、".join(str(labels[t.theme]) for t in r.themes.all()),
                r.duration_minutes,
                *(getattr(r, name) for name in NARRATIVE_FIELDS),
                r.next_action,
                format_date(r.next_action_due, self.date_style),
                (yes if r.next_action_done else no) if r.next_action else "",
            ]
