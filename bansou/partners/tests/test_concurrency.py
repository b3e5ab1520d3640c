"""Two bookings of the same case at once cannot both pass the cap (real connections, threads).

The service's hook between locking the case and counting its visits sleeps, so that without
the lock both bookings would count four visits and both take number 5 (the second then failing
on the unique constraint instead of the cap's message). With the lock, the second waits for the
first to commit, counts five and is refused with the cap's message.
"""

import threading
import time
from datetime import date, timedelta

import pytest
from django.db import connections

from bansou.core.errors import DomainError
from bansou.partners import services
from bansou.partners.models import DispatchVisit

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_concurrent_bookings_cannot_both_pass_the_cap(case_a, coordinator_a, monkeypatch):
    for i in range(4):
        services.book_visit(
            case_a,
            visited_on=date(2024, 6, 1) + timedelta(days=i),
            staff=coordinator_a,
            actor=coordinator_a,
        )
    monkeypatch.setattr(services, "_before_counting", lambda: time.sleep(0.3))
    barrier = threading.Barrier(2)
    outcomes: list = []

    def book(day: int) -> None:
        try:
            barrier.wait()
            visit = services.book_visit(
                case_a, visited_on=date(2024, 7, day), staff=coordinator_a, actor=coordinator_a
            )
            outcomes.append(("booked", visit.number))
        except DomainError as exc:
            outcomes.append(("refused", exc.code))
        except Exception as exc:
            outcomes.append(("error", repr(exc)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(day,)) for day in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == [("booked", 5), ("refused", "cap")]
    assert DispatchVisit.objects.filter(case=case_a).count() == 5
