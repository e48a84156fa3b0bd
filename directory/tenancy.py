"""Who may manage which clinic: the one place tenant scoping is decided.

Site staff (superusers, or members of the "Site staff" group) see everything.
A clinic's staff see only the clinics they are members of, and rows that
belong to them: by list, by URL, in form choices, inlines and autocompletes.
Django's model permissions still apply on top (the groups of migration
directory/0004 hand them out), so scoping only ever narrows what a user may do.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model, QuerySet

from config.users import is_active_user
from directory.models import Clinic

SITE_STAFF_GROUP = "Site staff"
CLINIC_STAFF_GROUP = "Clinic staff"


def is_site_staff(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Site staff moderate every listing; clinic staff are not site staff."""
    if not is_active_user(user):
        return False
    if user.is_superuser:
        return True
    # Cached on the user object for the request, as Django caches permissions.
    if not hasattr(user, "_site_staff_cache"):
        user._site_staff_cache = user.groups.filter(name=SITE_STAFF_GROUP).exists()
    return user._site_staff_cache


def clinics_for_user(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Clinic]:
    """Clinics this user may manage."""
    if not is_active_user(user):
        return Clinic.objects.none()
    if is_site_staff(user):
        return Clinic.objects.all()
    return Clinic.objects.filter(memberships__user=user)


def scope_to_user(queryset: QuerySet, user: AbstractBaseUser | AnonymousUser, clinic_lookup: str) -> QuerySet:
    """`queryset` narrowed to rows whose clinic (reached by `clinic_lookup`, "" for Clinic) the user manages."""
    if is_site_staff(user):
        return queryset
    if not is_active_user(user):
        return queryset.none()
    prefix = f"{clinic_lookup}__" if clinic_lookup else ""
    # A subquery rather than a join, so no row is duplicated and no DISTINCT is needed.
    return queryset.filter(**{f"{prefix}pk__in": clinics_for_user(user).values("pk")})


def may_manage(user: AbstractBaseUser | AnonymousUser, obj: Model, clinic_lookup: str) -> bool:
    """Whether this one row belongs to a clinic the user manages."""
    if is_site_staff(user):
        return True
    return scope_to_user(type(obj)._default_manager.filter(pk=obj.pk), user, clinic_lookup).exists()


def _may_manage_for_request(request, obj: Model | None, clinic_lookup: str) -> bool:
    """may_manage, asked at most once per row and request (the admin asks for each permission)."""
    if obj is None:
        return True
    cache = request.__dict__.setdefault("_tenancy_may_manage", {})
    key = (obj._meta.label, obj.pk, clinic_lookup)
    if key not in cache:
        cache[key] = may_manage(request.user, obj, clinic_lookup)
    return cache[key]


class _ScopedFormFieldsMixin:
    """Foreign-key and many-to-many choices limited to what the user may manage."""

    def _scoped_choices(self, request, db_field):
        if is_site_staff(request.user):
            return None
        related = db_field.related_model
        if related is Clinic:
            return clinics_for_user(request.user)
        if related is get_user_model():
            # Clinic staff never get a list of the site's users.
            return related._default_manager.filter(pk=request.user.pk)
        related_admin = self.admin_site._registry.get(related)
        if isinstance(related_admin, ClinicScopedAdminMixin):
            return related_admin.get_queryset(request)
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = self._scoped_choices(request, db_field)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        queryset = self._scoped_choices(request, db_field)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ClinicScopedAdminMixin(_ScopedFormFieldsMixin):
    """Scope a ModelAdmin to the clinics of the signed-in user.

    Set `clinic_lookup` to the path from the model to its Clinic ("" for Clinic
    itself, "clinic" for a row with a `clinic` foreign key). Put the mixin
    before ModelAdmin in the bases.
    """

    clinic_lookup = "clinic"

    def _scope(self, request, queryset):
        return scope_to_user(queryset, request.user, self.clinic_lookup)

    def _allowed_object(self, request, obj) -> bool:
        return _may_manage_for_request(request, obj, self.clinic_lookup)

    def get_queryset(self, request):
        return self._scope(request, super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        # Autocomplete and popups pass querysets through here; never widen them.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return self._scope(request, queryset), may_have_duplicates

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._allowed_object(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._allowed_object(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._allowed_object(request, obj)

    def has_add_permission(self, request):
        # Adding a row needs a clinic to hang it on.
        if not super().has_add_permission(request):
            return False
        return is_site_staff(request.user) or clinics_for_user(request.user).exists()


class ClinicScopedInlineMixin(_ScopedFormFieldsMixin):
    """Scope an inline (rows of a clinic shown on its parent's page) the same way.

    `clinic_lookup` is the path from the inline's model to its Clinic;
    `parent_clinic_lookup` the path from the parent object ("" when the parent
    is the Clinic itself). Permissions hold only on a parent the user manages.
    """

    clinic_lookup = "clinic"
    parent_clinic_lookup = ""

    def get_queryset(self, request):
        return scope_to_user(super().get_queryset(request), request.user, self.clinic_lookup)

    def _parent_allowed(self, request, obj) -> bool:
        return _may_manage_for_request(request, obj, self.parent_clinic_lookup)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._parent_allowed(request, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._parent_allowed(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._parent_allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._parent_allowed(request, obj)


class SiteStaffOnlyAdminMixin:
    """For admin classes clinic staff must not reach at all (lookups, memberships)."""

    def has_module_permission(self, request):
        return is_site_staff(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_site_staff(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return is_site_staff(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return is_site_staff(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_site_staff(request.user) and super().has_delete_permission(request, obj)
