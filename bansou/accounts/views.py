"""The account page, password change, the second factor's pages and the chamber's lockouts."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bansou.audit.services import log_action
from bansou.core.errors import DomainError
from bansou.core.permissions import Capability, requires

from . import lockout, second_factor
from .forms import CodeForm
from .models import User


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view, with an audit entry for the change."""

    def form_valid(self, form):
        response = super().form_valid(form)
        log_action(self.request.user, "accounts.user.password_changed", self.request.user)
        return response


@requires(Capability.OWN_ACCOUNT)
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "has_device": second_factor.has_device(user),
        "required": second_factor.is_required(user),
        "form": CodeForm(),
    }
    return render(request, "accounts/account.html", context)


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if allowed else ""


@requires(Capability.OWN_ACCOUNT)
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The code asked after the password, from a user who has set up a second factor."""
    if second_factor.pending(request) != second_factor.VERIFY:
        return redirect(_next_url(request) or "core:home")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            second_factor.verify(request, form.cleaned_data["code"])
        except DomainError as exc:
            form.add_error("code", exc.message)
        else:
            return redirect(_next_url(request) or "core:home")
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


@requires(Capability.OWN_ACCOUNT)
@require_http_methods(["GET", "POST"])
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Scan the key, confirm with a code, receive the backup codes (shown once)."""
    user = request.user
    if second_factor.has_device(user):
        messages.info(request, _("Two-step verification is already on."))
        return redirect("accounts:account")
    device = second_factor.unconfirmed_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor.confirm(request, form.cleaned_data["code"])
        except DomainError as exc:
            form.add_error("code", exc.message)
        else:
            return render(request, "accounts/backup_codes.html", {"codes": codes, "new": True})
    context = {
        "form": form,
        "qr_svg": second_factor.totp_qr_svg(device),
        "secret": second_factor.secret_text(device),
        "required": second_factor.pending(request) == second_factor.SET_UP,
    }
    return render(request, "accounts/second_factor_setup.html", context)


@requires(Capability.OWN_ACCOUNT)
@require_POST
def backup_codes(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            codes = second_factor.new_backup_codes(request, form.cleaned_data["code"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            return render(request, "accounts/backup_codes.html", {"codes": codes, "new": False})
    else:
        messages.error(request, _("Enter the code from your authenticator app."))
    return redirect("accounts:account")


@requires(Capability.OWN_ACCOUNT)
@require_POST
def second_factor_disable(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            second_factor.disable(request, form.cleaned_data["code"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Two-step verification is off."))
    else:
        messages.error(request, _("Enter the code from your authenticator app."))
    return redirect("accounts:account")


@requires(Capability.LOCKOUTS_MANAGE)
def lockout_list(request: HttpRequest) -> HttpResponse:
    lockouts = lockout.current_lockouts(request.user.organization_id)
    return render(request, "accounts/lockouts.html", {"lockouts": lockouts})


@requires(Capability.LOCKOUTS_MANAGE)
@require_POST
def lockout_lift(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, organization=request.user.organization_id, pk=pk)
    lockout.lift_lockout(user, actor=request.user)
    messages.success(request, _("%(user)s can log in again.") % {"user": user})
    return redirect("accounts:lockouts")
