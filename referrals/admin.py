"""Clinic staff work their referrals here; site staff may read them. Scoped by ClinicScopedAdminMixin.

Nothing about a referral is editable in the admin except its status, which moves
through services.change_status so every change lands in the append-only history.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from directory.tenancy import ClinicScopedAdminMixin, is_site_staff
from referrals import access
from referrals.audit import record_view
from referrals.clinician_view import clinician_findings, treatment_names, treatment_outcome_lines
from referrals.models import (
    AccessChannel,
    Referral,
    ReferralAccessLog,
    ReferralStatusChange,
    ReferrerApiToken,
    ReferrerProfile,
)
from referrals.screening import QUESTIONS_BY_ID
from referrals.services import InvalidTransition, change_status, mark_viewed
from referrals.workflow import Status, allowed_next

PATIENT_FIELDS = ("patient_first_name", "patient_last_name", "patient_email", "patient_phone", "preferred_contact")


class ReferralAdminForm(forms.ModelForm):
    new_status = forms.ChoiceField(
        required=False,
        label="Change status to",
        help_text="The patient (or referrer) is told of the new status. Every change is kept in the history.",
    )
    status_note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Note for the history",
        help_text="Seen by your clinic, the referrer and site staff; never on the patient's tracking page.",
    )

    class Meta:
        model = Referral
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.status if self.instance.pk else Status.SENT
        self.fields["new_status"].choices = [("", "— keep the current status —")] + [
            (value, Status(value).label) for value in allowed_next(current)
        ]


class StatusHistoryInline(admin.TabularInline):
    model = ReferralStatusChange
    fields = ("at", "from_status", "to_status", "by", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "status history (append-only)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("referrals.view_referral")


class AccessLogInline(admin.TabularInline):
    """Who opened this referral: for site staff only (audits), never editable."""

    model = ReferralAccessLog
    fields = ("at", "username", "via")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "opened by (access log)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return is_site_staff(request.user)


@admin.register(ReferralAccessLog)
class ReferralAccessLogAdmin(admin.ModelAdmin):
    """Read-only for site staff; rows are written by referrals.audit.record_view."""

    list_display = ("at", "username", "referral", "via")
    list_filter = ("via",)
    search_fields = ("username", "=referral__id")
    list_select_related = ("referral",)
    date_hierarchy = "at"
    fields = ("referral", "user", "username", "at", "via")
    readonly_fields = fields

    def has_module_permission(self, request):
        return is_site_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return is_site_staff(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Referral)
class ReferralAdmin(ClinicScopedAdminMixin, admin.ModelAdmin):
    clinic_lookup = "clinic"
    form = ReferralAdminForm
    inlines = [StatusHistoryInline, AccessLogInline]
    list_display = ("__str__", "clinic", "status", "outcome", "high_priority", "created_at", "viewed_at")
    list_filter = ("status", "outcome", "high_priority")
    list_select_related = ("clinic",)
    date_hierarchy = "created_at"
    fieldsets = (
        ("Status", {"fields": ("status", "new_status", "status_note", "viewed_at", "viewed_by", "anonymised_at")}),
        ("Referral", {"fields": ("clinic", "referrer", "created_at", "outcome", "high_priority")}),
        (
            "Patient",
            {"fields": PATIENT_FIELDS},
        ),
        ("Note", {"fields": ("note",)}),
        (
            "Pre-screen",
            {"fields": ("findings_display", "treatment_outcomes_display", "answers_display", "ruleset_version")},
        ),
        ("Consent", {"fields": ("consent_given_at", "consent_text_version")}),
    )
    readonly_fields = (
        "status",
        "viewed_at",
        "viewed_by",
        "anonymised_at",
        "clinic",
        "referrer",
        "created_at",
        "outcome",
        "high_priority",
        "patient_first_name",
        "patient_last_name",
        "patient_email",
        "patient_phone",
        "preferred_contact",
        "note",
        "findings_display",
        "treatment_outcomes_display",
        "answers_display",
        "ruleset_version",
        "consent_given_at",
        "consent_text_version",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("clinic", "referrer", "viewed_by")

    def get_list_filter(self, request):
        if is_site_staff(request.user):
            return (*self.list_filter, "clinic")
        return self.list_filter

    # Referrals are created only through the pre-screen (services.create_referral) and never deleted.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Another clinic's referral looks exactly like a missing one.
        raise Http404("No such referral.")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            referral = self.get_object(request, unquote(object_id))
            if referral is None:
                raise Http404("No such referral.")
            if self.has_view_or_change_permission(request, referral):
                record_view(referral=referral, user=request.user, via=AccessChannel.ADMIN)
            if access.is_clinic_staff_of(request.user, referral.clinic_id) and mark_viewed(
                referral=referral, by=request.user
            ):
                messages.info(request, f"{referral} is now marked as viewed by you.")
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        new_status = form.cleaned_data.get("new_status")
        if not new_status:
            return
        try:
            change_status(referral=obj, to_status=new_status, by=request.user, note=form.cleaned_data["status_note"])
        except InvalidTransition as exc:
            messages.error(request, str(exc))

    @admin.display(description="Reasons and flags")
    def findings_display(self, obj):
        rows = clinician_findings(obj.findings, treatment_names())
        if not rows:
            return "None"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{} {}</strong> {} {}: {}<br>Treatments: {}<br><small>Source: {}</small></li>",
                (
                    (
                        r["label"],
                        r["rule"],
                        r["kind"] and f"({r['kind']})",
                        r["high_priority"],
                        r["words"],
                        r["treatments"] or "all (flag)",
                        r["source"] or "not saved",
                    )
                    for r in rows
                ),
            ),
        )

    @admin.display(description="Outcome per treatment")
    def treatment_outcomes_display(self, obj):
        lines = treatment_outcome_lines(obj.treatment_outcomes, treatment_names())
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", lines))

    @admin.display(description="Answers")
    def answers_display(self, obj):
        rows = []
        for question_id, value in obj.answers.items():
            question = QUESTIONS_BY_ID.get(question_id)
            rows.append((question.text, question.label_for(value)) if question else (question_id, str(value)))
        return format_html("<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows))


@admin.register(ReferrerProfile)
class ReferrerProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "npi")
    search_fields = ("user__username", "organization", "npi")
    autocomplete_fields = ("user",)


@admin.register(ReferrerApiToken)
class ReferrerApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued with `manage.py create_referrer_token` (the key is shown once); here they are revoked."""

    list_display = ("__str__", "user", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "key_hash", "created_at", "last_used_at")
    fields = ("user", "name", "key_hash", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        messages.success(request, f"Revoked {count} token(s).")
