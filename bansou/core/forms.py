"""Form behaviour shared by every tenant-owned record."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class TenantFormMixin:
    """The organization comes from the logged-in user, never from the request body.

    A POST that names another organization is refused outright rather than silently
    corrected: it is either a forged request or a stale page from another account.
    """

    def __init__(self, *args, organization, **kwargs):
        kwargs.setdefault("label_suffix", "")  # Japanese labels take no colon
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.instance.organization = organization

    def clean(self):
        cleaned = super().clean()
        posted = self.data.get("organization") if self.is_bound else None
        if posted not in (None, "") and str(posted) != str(self.organization.pk):
            raise ValidationError(
                _("This form belongs to another chamber. Reload the page and try again."),
                code="forged_organization",
            )
        return cleaned
