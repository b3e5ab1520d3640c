"""Password change: Django's view, with an audit entry for the change."""

from django.contrib.auth import views as auth_views

from bansou.audit.services import log_action


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        response = super().form_valid(form)
        log_action(self.request.user, "accounts.user.password_changed", self.request.user)
        return response
