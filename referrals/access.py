"""Who may see and work a referral: one place, used by the API, the pages and the admin."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from directory.models import ClinicMembership
from directory.tenancy import is_site_staff
from referrals.models import REFERRERS_GROUP, Referral

User = AbstractBaseUser | AnonymousUser


def is_referrer(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.groups.filter(name=REFERRERS_GROUP).exists()


def is_clinic_staff_of(user: User, clinic_id: int) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return ClinicMembership.objects.filter(user=user, clinic_id=clinic_id).exists()


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    """The referrer's own, the receiving clinic's staff's, or all for superusers and site staff."""
    if not user.is_authenticated or not user.is_active:
        return Referral.objects.none()
    if is_site_staff(user):
        return Referral.objects.all()
    return Referral.objects.filter(Q(referrer=user) | Q(clinic__memberships__user=user)).distinct()


def can_view_referral(user: User, referral: Referral) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if is_site_staff(user) or referral.referrer_id == user.pk:
        return True
    return is_clinic_staff_of(user, referral.clinic_id)


def can_open_workspace(user: User, referral: Referral) -> bool:
    """The referrer's page of one referral: the referrer who sent it, and superusers. Clinic staff use the admin."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or (referral.referrer_id is not None and referral.referrer_id == user.pk)
