"""What the dataio commands share: finding the chamber and the acting user."""

from django.core.management.base import CommandError

from bansou.accounts.models import User
from bansou.organizations.models import Organization


def organization_from(slug: str | None) -> Organization:
    if slug:
        try:
            return Organization.objects.get(slug=slug)
        except Organization.DoesNotExist:
            raise CommandError(f"no organization with slug {slug!r}") from None
    organizations = list(Organization.objects.all()[:2])
    if len(organizations) != 1:
        raise CommandError("there is more than one organization (or none): give --org SLUG")
    return organizations[0]


def user_from(username: str | None, organization: Organization) -> User | None:
    if not username:
        return None
    try:
        return User.objects.get(username=username, organization=organization)
    except User.DoesNotExist:
        raise CommandError(f"no user {username!r} in {organization.slug}") from None
