"""Who may see and work a referral: one place, used by the API, the pages and the admin.

Two levels. The *row* (clinic, status, dates, outcome) is for the parties and for site
staff, who moderate. The *patient* (identity, contact, answers, findings, notes) is for
the parties only: the referrer who sent it and the receiving clinic's staff, plus
superusers. A privacy officer (site staff in the "Privacy officers" group) may open one
referral's patient details after giving a reason, which lands in the access log the
clinic reads (referrals.disclosure).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from config.users import is_active_user
from directory.models import ClinicMembership
from directory.tenancy import is_site_staff
from referrals.models import REFERRERS_GROUP, Referral

User = AbstractBaseUser | AnonymousUser

PRIVACY_OFFICERS_GROUP = "Privacy officers"
DISCLOSE_PERMISSION = "referrals.disclose_referral"


def is_referrer(user: User) -> bool:
    if not is_active_user(user):
        return False
    return user.groups.filter(name=REFERRERS_GROUP).exists()


def is_clinic_staff_of(user: User, clinic_id: int) -> bool:
    if not is_active_user(user):
        return False
    return ClinicMembership.objects.filter(user=user, clinic_id=clinic_id).exists()


def is_privacy_officer(user: User) -> bool:
    """Site staff who may open a referral's details, one at a time and with a reason."""
    return is_active_user(user) and user.is_staff and is_site_staff(user) and user.has_perm(DISCLOSE_PERMISSION)


def referrals_of_parties(user: User) -> QuerySet[Referral]:
    """Referrals whose patient this user may see: those they sent or their clinic received (all for superusers)."""
    if not is_active_user(user):
        return Referral.objects.none()
    if user.is_superuser:
        return Referral.objects.all()
    return Referral.objects.filter(Q(referrer=user) | Q(clinic__memberships__user=user)).distinct()


def sees_patient(user: User, referral: Referral) -> bool:
    """The patient's identity, contact, answers and notes: the parties to the referral (and superusers)."""
    if not is_active_user(user):
        return False
    if user.is_superuser or (referral.referrer_id is not None and referral.referrer_id == user.pk):
        return True
    return is_clinic_staff_of(user, referral.clinic_id)


def can_open_workspace(user: User, referral: Referral) -> bool:
    """The referrer's page of one referral: the referrer who sent it, and superusers. Clinic staff use the admin."""
    if not is_active_user(user):
        return False
    return user.is_superuser or (referral.referrer_id is not None and referral.referrer_id == user.pk)
