"""The user's own API tokens: list, create (the token is shown once) and revoke."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from bansou.core.errors import DomainError
from bansou.core.permissions import Capability, requires

from . import services
from .forms import TokenForm
from .models import ApiToken


def _account_url() -> str:
    """The user's account page, where the project has one (accounts:account)."""
    try:
        return reverse("accounts:account")
    except NoReverseMatch:
        return ""


@requires(Capability.MEMBER)
@never_cache
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_token(
                request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            # The page that shows the token is the POST's own answer: the token is never
            # stored anywhere it could be shown again (no session, no message).
            form = TokenForm()
    context = {
        "form": form,
        "created": created,
        "tokens": ApiToken.objects.of_user(request.user),
        "account_url": _account_url(),
    }
    return render(request, "api/tokens.html", context)


@requires(Capability.MEMBER)
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.of_user(request.user), pk=pk)
    services.revoke_token(token, actor=request.user)
    messages.success(request, _("Revoked the token %(name)s.") % {"name": token.name})
    return redirect("api:tokens")
