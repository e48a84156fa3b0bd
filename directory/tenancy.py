"""Who may manage which clinic: the one place tenant scoping is decided.

Site staff (`is_superuser`, or staff with the `directory.moderate_clinics`-style
global permissions, i.e. not limited to memberships) see everything. A clinic's
staff see only the clinics they are members of, and rows that belong to them.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from directory.models import Clinic


def is_site_staff(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Site staff moderate every listing; clinic staff are not site staff."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name="Site staff").exists()


def clinics_for_user(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Clinic]:
    """Clinics this user may manage."""
    if not user.is_authenticated or not user.is_active:
        return Clinic.objects.none()
    if is_site_staff(user):
        return Clinic.objects.all()
    return Clinic.objects.filter(memberships__user=user)


class ClinicScopedAdminMixin:
    """Scope an admin class to the clinics of the signed-in user.

    Set `clinic_lookup` to the path from the model to its Clinic ("" for Clinic
    itself, "clinic" for a row with a `clinic` foreign key).
    """

    clinic_lookup = "clinic"

    def _scope(self, request, queryset):
        if is_site_staff(request.user):
            return queryset
        if not request.user.is_authenticated:
            return queryset.none()
        field = f"{self.clinic_lookup}__memberships__user" if self.clinic_lookup else "memberships__user"
        return queryset.filter(**{field: request.user}).distinct()

    def get_queryset(self, request):
        return self._scope(request, super().get_queryset(request))

    def _allowed_object(self, request, obj) -> bool:
        if obj is None or is_site_staff(request.user):
            return True
        return self._scope(request, type(obj)._default_manager.filter(pk=obj.pk)).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._allowed_object(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._allowed_object(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._allowed_object(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Clinic and not is_site_staff(request.user):
            kwargs["queryset"] = clinics_for_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
