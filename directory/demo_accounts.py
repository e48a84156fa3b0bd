"""The demo accounts the README lists. Demo data only: refused in production settings.

Safe to run again: accounts, groups and memberships are created once; a demo
user's flags (staff, active, not superuser) are put back each time.
"""

from __future__ import annotations

import logging
import os

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import CommandError

from directory.models import Clinic, ClinicMembership
from directory.tenancy import CLINIC_STAFF_GROUP, SITE_STAFF_GROUP

logger = logging.getLogger(__name__)

DEMO_PASSWORD = "ketamine-demo-2026"
REFERRERS_GROUP = "Referrers"
# username → (is_staff, group, clinic slug or None)
DEMO_ACCOUNTS = {
    "demo-staff": (True, SITE_STAFF_GROUP, None),
    "demo-clinic-atlanta": (True, CLINIC_STAFF_GROUP, "peachtree-ketamine-wellness"),
    "demo-clinic-la": (True, CLINIC_STAFF_GROUP, "silver-lake-ketamine-center"),
    "demo-referrer": (False, REFERRERS_GROUP, None),
}
DEMO_REFERRER_ORGANIZATION = "Example Family Practice (fictional)"


class DemoAccountsRefused(CommandError):
    """Demo accounts with a published password must never exist on a production site."""


def demo_allowed() -> bool:
    return settings.DEBUG or getattr(settings, "TESTING", False) or os.environ.get("DJANGO_DEMO_ACCOUNTS") == "1"


def create_demo_accounts(*, force: bool = False) -> list[str]:
    """Create or refresh the demo accounts; returns their usernames."""
    if not (force or demo_allowed()):
        raise DemoAccountsRefused(
            "Refusing to create demo accounts with a published password while DEBUG is off. "
            "Set DJANGO_DEBUG=1 (development) or DJANGO_DEMO_ACCOUNTS=1 (a demo server)."
        )
    User = get_user_model()
    for username, (is_staff, group_name, clinic_slug) in DEMO_ACCOUNTS.items():
        user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
        user.is_staff, user.is_active, user.is_superuser = is_staff, True, False
        if created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)  # hashing is slow on purpose: only when needed
        user.save()
        group, _ = Group.objects.get_or_create(name=group_name)
        user.groups.add(group)
        if clinic_slug:
            clinic = Clinic.objects.filter(slug=clinic_slug).first()
            if clinic is None:
                logger.warning("Demo clinic %s is missing; %s manages no clinic", clinic_slug, username)
            else:
                ClinicMembership.objects.get_or_create(user=user, clinic=clinic)
        if group_name == REFERRERS_GROUP:
            _ensure_referrer_profile(user)
    return list(DEMO_ACCOUNTS)


def _ensure_referrer_profile(user) -> None:
    try:
        profile_model = apps.get_model("referrals", "ReferrerProfile")
    except LookupError:
        return
    profile_model.objects.get_or_create(user=user, defaults={"organization": DEMO_REFERRER_ORGANIZATION})
