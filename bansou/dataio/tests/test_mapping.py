"""Headers in Japanese (and the product's own export headers) map to fields by themselves."""

from django.utils import translation

from bansou.businesses.exports import BusinessExporter
from bansou.businesses.models import Business
from bansou.dataio.mapping import auto_mapping, clean_mapping, missing_required
from bansou.dataio.registry import get_import_kind


def test_japanese_headers_of_a_chambers_spreadsheet():
    kind = get_import_kind("support_records")
    header = [
        "No.",
        "相談日",
        "事業所名",
        "TEL",
        "相談方法",
        "支援テーマ",
        "担当者",
        "相談内容",
        "業況",
        "所要時間（分）",
    ]
    mapping = auto_mapping(kind, header)
    assert mapping["occurred_on"] == 1
    assert mapping["business_name"] == 2
    assert mapping["business_phone"] == 3
    assert mapping["channel"] == 4
    assert mapping["themes"] == 5
    assert mapping["staff"] == 6
    assert mapping["support"] == 7
    assert mapping["condition"] == 8
    assert mapping["duration_minutes"] == 9
    assert mapping["id"] is None and mapping["time"] is None


def test_units_and_marks_around_a_header_are_ignored():
    kind = get_import_kind("financial_statements")
    header = [
        "法人番号",
        "決算期",
        "売上高（千円）",
        "経常利益\n(千円)",
        "※ 総資産 [千円]",
        "従業員数*",
    ]
    mapping = auto_mapping(kind, [" ".join(h.split()) for h in header])
    assert mapping["sales"] == 2
    assert mapping["ordinary_profit"] == 3
    assert mapping["employees"] == 5


def test_a_column_is_used_for_one_field_only():
    kind = get_import_kind("businesses")
    mapping = auto_mapping(kind, ["電話番号", "電話番号"])
    assert mapping["phone"] == 0


def test_the_business_export_maps_back_onto_the_business_import():
    with translation.override("ja"):
        header = BusinessExporter(Business.objects.none()).header()
    mapping = auto_mapping(get_import_kind("businesses"), header)
    assert not missing_required(get_import_kind("businesses"), mapping)
    assert {name for name, index in mapping.items() if index is None} == {"external_id"}


def test_clean_mapping_drops_unknown_fields_and_columns():
    kind = get_import_kind("businesses")
    cleaned = clean_mapping(
        kind, {"name": "1", "phone": "9", "nonsense": 0, "address": "x"}, width=3
    )
    assert cleaned["name"] == 1
    assert cleaned["phone"] is None and cleaned["address"] is None
    assert "nonsense" not in cleaned
