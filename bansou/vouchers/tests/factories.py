"""Small builders for voucher tests: a voucher programme and its member stores."""

from datetime import date

from bansou.programmes.models import Programme
from bansou.programmes.tests.factories import participate, programme


def voucher_programme(organization):
    found = Programme.objects.filter(organization=organization, code="genki-voucher").first()
    return found or programme(organization, code="genki-voucher", kind="voucher")


def member(business, staff, started_on=date(2024, 4, 1), voucher=None):
    voucher = voucher or voucher_programme(business.organization)
    participate(voucher, business, staff, started_on, status="member", category="電子商品券")
    return voucher
