"""The one "choose a business" step, shared by every page that starts from a business
(an event's or a programme's participant, a plan, a DX need, a partner's referral, an
analysis).

The page asks a question, the picker searches the register (name, kana, 法人番号, … through
BusinessQuerySet.search) among the businesses the user may see, and each match links back
to the same page with ?business=<pk>; the page then loads the chosen business through
picked_business (the loader: another chamber's or an invisible business is a 404). Without
JavaScript the search is a plain GET form; with htmx the matches follow the typing and only
the list is sent back.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from bansou.core.ids import optional_id_or_404

from .loaders import get_business_for_user
from .models import Business
from .querysets import BusinessQuerySet

BUSINESS_CHOICES_SHOWN = 20
CHOICES_TEMPLATE = "businesses/_picker_choices.html"


class BusinessSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, kana or corporate number"), required=False, max_length=100, strip=True
    )


@dataclass(frozen=True)
class BusinessPicker:
    """What the include template businesses/_picker.html shows."""

    action: str
    form: BusinessSearchForm
    query: str
    businesses: list[Business]
    empty_message: str


def business_candidates(user, query: str) -> BusinessQuerySet:
    """The businesses the user may choose for a query: their chamber's, visible to them."""
    return Business.objects.for_user(user).search(query).select_related("district")


def business_picker(
    request: HttpRequest,
    *,
    action: str | None = None,
    narrow: Callable[[BusinessQuerySet], BusinessQuerySet] | None = None,
    empty_message: str | None = None,
) -> BusinessPicker:
    form = BusinessSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    businesses: list[Business] = []
    if query:
        candidates = business_candidates(request.user, query)
        if narrow is not None:
            candidates = narrow(candidates)
        businesses = list(candidates.order_by("name_kana", "pk")[:BUSINESS_CHOICES_SHOWN])
    return BusinessPicker(
        action=action or request.path,
        form=form,
        query=query,
        businesses=businesses,
        empty_message=empty_message or _("No business matches."),
    )


def choose_business(
    request: HttpRequest,
    template: str,
    context: dict | None = None,
    **options,
) -> HttpResponse:
    """The page that asks for the business (template includes businesses/_picker.html);
    an htmx search gets the list of matches alone."""
    picker = business_picker(request, **options)
    if request.htmx:
        return render(request, CHOICES_TEMPLATE, {"picker": picker})
    return render(request, template, {**(context or {}), "picker": picker})


def picked_business(request: HttpRequest, *, write: bool = True) -> Business | None:
    """The business chosen with ?business= (or posted with the form), or None when none was;
    another chamber's or one the user may not see is a 404."""
    pk = optional_id_or_404(request.POST.get("business") or request.GET.get("business"))
    if pk is None:
        return None
    return get_business_for_user(request.user, pk, write=write)
