"""Fixtures for motivation tests: the chamber's questionnaire and a check factory."""

from datetime import date

import pytest

from bansou.motivation import services


@pytest.fixture
def version_a(chamber_a):
    return services.current_version(chamber_a)


def all_points(version, points: int) -> dict[int, int]:
    return {item.pk: points for item in version.items.all()}


@pytest.fixture
def make_check(version_a):
    """Record a check through the service, the way the screens do."""

    def make(business, staff, *, points=2, checked_on=date(2024, 6, 3), version=None, **extra):
        version = version or services.current_version(business.organization)
        answers = points if isinstance(points, dict) else all_points(version, points)
        return services.record_check(
            business=business,
            staff=staff,
            version=version,
            checked_on=checked_on,
            points_by_item=answers,
            actor=staff,
            **extra,
        )

    return make
