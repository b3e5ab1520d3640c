"""An export of each kind that can be imported maps every one of its columns on re-import."""

import pytest
from django.utils import translation

from bansou.dataio.mapping import auto_mapping, header_key
from bansou.dataio.registry import export_kinds, get_import_kind

pytestmark = pytest.mark.django_db

ROUND_TRIP = [kind.code for kind in export_kinds() if get_import_kind(kind.code)]


def test_every_importable_record_kind_is_checked():
    assert set(ROUND_TRIP) >= {
        "businesses",
        "support_records",
        "financial_statements",
        "event_participants",
        "plan_actuals",
    }


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("code", ROUND_TRIP)
def test_an_exported_header_is_mapped_whole_on_re_import(code, language):
    export_kind = next(kind for kind in export_kinds() if kind.code == code)
    import_kind = get_import_kind(code)
    with translation.override(language):
        header = [str(title) for title in export_kind.exporter([]).header()]
        mapping = auto_mapping(import_kind, header)
        derived = {header_key(str(title)) for title in import_kind.export_only}
    mapped = set(mapping.values())
    unmapped = [
        title
        for index, title in enumerate(header)
        if index not in mapped and header_key(title) not in derived
    ]
    assert not unmapped, f"{code}: export columns the import does not recognise: {unmapped}"
    assert all(mapping[c.field] is not None for c in import_kind.columns if c.required)
