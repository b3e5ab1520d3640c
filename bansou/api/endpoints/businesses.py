"""The business register."""

from ninja import Query, Router

from bansou.businesses.models import Business

from ..errors import ErrorOut
from ..filters import BusinessQuery
from ..reading import read_one, read_page, require_reader
from ..schemas import BusinessOut, BusinessPage
from ..types import Id

router = Router(tags=["businesses"])
READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


@router.get("", response={200: BusinessPage, **READ_ERRORS}, url_name="businesses")
def list_businesses(request, query: Query[BusinessQuery]):
    """Businesses this user may see (experts: those assigned to them)."""
    require_reader(request.user)
    visible = Business.objects.for_user(request.user).select_related("district")
    return read_page(request, "businesses", visible, query)


@router.get("/{id}", response={200: BusinessOut, 404: ErrorOut, **READ_ERRORS}, url_name="business")
def get_business(request, id: Id):
    require_reader(request.user)
    visible = Business.objects.for_user(request.user).select_related("district")
    return read_one(request, "businesses", visible, id)
