"""Demo: the saved searches of the demo advisor (the register's search box and filters)."""

from urllib.parse import urlencode

from bansou.accounts.models import User
from bansou.organizations.models import District

from .models import SavedFilter


def load_saved_searches(organization) -> None:
    advisor = User.objects.get(organization=organization, username="kawaguchi-advisor")
    aoki = District.objects.get(organization=organization, name="青木")
    searches = [
        ("青木地区の小規模事業者", {"district": aoki.pk, "small": "yes", "sort": "kana"}),
        (
            "非会員の製造業（従業員の多い順）",
            {"industry": "E", "member": "no", "sort": "-employees"},
        ),
        ("鋳物関係", {"q": "鋳"}),
    ]
    SavedFilter.objects.bulk_create(
        SavedFilter(organization=organization, user=advisor, name=name, query_string=urlencode(q))
        for name, q in searches
    )
