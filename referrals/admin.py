"""Clinic staff work their referrals here; site staff see their rows. Scoped by ClinicScopedAdminMixin.

Nothing about a referral is editable in the admin except its status, which moves
through services.change_status so every change lands in the append-only history.
Only the parties (the receiving clinic's staff, and superusers) see the patient
(referrals/access.py); site staff see clinic, status, dates and outcome, and a
privacy officer may open one referral's details with a reason (referrals/disclosure.py).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory.tenancy import ClinicScopedAdminMixin, is_site_staff
from referrals import access
from referrals.admin_actions import PATIENT_FIELDS, ReferralActionsMixin
from referrals.admin_audit import AccessLogInline, StatusHistoryInline, StatusHistoryRowInline
from referrals.admin_thread import may_write_as_clinic, messages_display, packet_display
from referrals.audit import record_view
from referrals.clinician_view import clinician_findings, treatment_names, treatment_outcome_lines
from referrals.models import (
    AccessChannel,
    Referral,
    ReferrerApiToken,
    ReferrerProfile,
)
from referrals.screening import QUESTIONS_BY_ID
from referrals.services import InvalidTransition, change_status
from referrals.workflow import Status, allowed_next

# The only fields a changelist URL may filter on (?field__lookup=…): Django otherwise allows any
# lookup on a local field, and ?patient_last_name__startswith=… would be an oracle for site staff.
FILTERABLE_FIELDS = frozenset({"id", "pk", "status", "outcome", "high_priority", "clinic", "created_at", "viewed_at"})
# The rows site staff see of a referral that is not theirs: never the patient.
ROW_FIELDSETS = (
    (_("Status"), {"fields": ("status", "viewed_at", "viewed_by", "anonymised_at")}),
    (_("Referral"), {"fields": ("clinic", "referrer", "created_at", "outcome", "patient_withheld")}),
)


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


@admin.register(Referral)
class ReferralAdmin(ReferralActionsMixin, ClinicScopedAdminMixin, admin.ModelAdmin):
    clinic_lookup = "clinic"
    form = ReferralAdminForm
    inlines = [StatusHistoryInline, AccessLogInline]
    change_form_template = "admin/referrals/referral/change_form.html"
    list_display = ("__str__", "clinic", "status", "outcome", "high_priority", "created_at", "viewed_at")
    list_filter = ("status", "outcome", "high_priority")
    list_select_related = ("clinic",)
    date_hierarchy = "created_at"
    fieldsets = (
        (
            "Status",
            {
                "fields": (
                    "status",
                    "new_status",
                    "status_note",
                    "viewed_at",
                    "viewed_by",
                    "anonymised_at",
                    "disclosures_display",
                )
            },
        ),
        ("Referral", {"fields": ("clinic", "referrer", "created_at", "outcome", "high_priority")}),
        (
            "Patient",
            {"fields": PATIENT_FIELDS},
        ),
        ("Note", {"fields": ("note",)}),
        # Messages may say anything about the patient: the parties only, like the patient's details.
        ("Messages (append-only)", {"fields": ("messages_display",)}),
        ("Esketamine coverage packet", {"fields": ("coverage_packet_display",)}),
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
        "disclosures_display",
        "patient_withheld",
        "coverage_packet_display",
        "messages_display",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("clinic", "referrer", "viewed_by")

    @staticmethod
    def _sees_patient(request, obj) -> bool:
        return obj is not None and access.sees_patient(request.user, obj)

    @staticmethod
    def _moderator_only(request) -> bool:
        """Site staff who are not superusers: they see rows, never patients, nor what derives from answers."""
        return is_site_staff(request.user) and not request.user.is_superuser

    def get_list_display(self, request):
        if self._moderator_only(request):
            return tuple(name for name in self.list_display if name != "high_priority")
        return self.list_display

    def get_list_filter(self, request):
        if self._moderator_only(request):
            return ("status", "outcome", "clinic")
        if is_site_staff(request.user):
            return (*self.list_filter, "clinic")
        return self.list_filter

    def lookup_allowed(self, lookup, value, request):
        root = lookup.split("__", 1)[0]
        if root not in FILTERABLE_FIELDS or (root == "high_priority" and self._moderator_only(request)):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not self._sees_patient(request, obj):
            return ROW_FIELDSETS
        return super().get_fieldsets(request, obj)

    def get_inlines(self, request, obj):
        history = StatusHistoryInline if self._sees_patient(request, obj) else StatusHistoryRowInline
        return [history, AccessLogInline] if is_site_staff(request.user) else [history]

    # Referrals are created only through the pre-screen (services.create_referral) and never deleted.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Another clinic's referral looks exactly like a missing one.
        raise Http404("No such referral.")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Opening a referral changes nothing: "viewed" is the explicit POST of mark_viewed_view.
        if request.method == "GET":
            referral = self._referral_or_404(request, object_id)
            sees_patient = self._sees_patient(request, referral)
            if sees_patient:
                record_view(referral=referral, user=request.user, via=AccessChannel.ADMIN)
            extra_context = (extra_context or {}) | {
                "may_disclose": not sees_patient and access.is_privacy_officer(request.user),
                "may_mark_viewed": referral.status == Status.SENT
                and access.is_clinic_staff_of(request.user, referral.clinic_id),
                "may_message": may_write_as_clinic(request.user, referral),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("Patient"))
    def patient_withheld(self, obj):
        return gettext("Withheld: only the referrer and the receiving clinic see the patient.")

    @admin.display(description=_("Opened by a privacy officer"))
    def disclosures_display(self, obj):
        rows = obj.access_log.filter(via=AccessChannel.DISCLOSURE).order_by("at", "id")
        if not rows:
            return gettext("Never")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} · {}: {}</li>",
                ((date_format(localtime(r.at), "DATETIME_FORMAT"), r.username, r.reason) for r in rows),
            ),
        )

    def save_model(self, request, obj, form, change):
        new_status = form.cleaned_data.get("new_status")
        if not new_status:
            return
        try:
            change_status(referral=obj, to_status=new_status, by=request.user, note=form.cleaned_data["status_note"])
        except InvalidTransition as exc:
            messages.error(request, str(exc))

    @admin.display(description="Messages with the referrer or patient")
    def messages_display(self, obj):
        return messages_display(obj)

    @admin.display(description="PHQ-9, antidepressants tried, diagnosis")
    def coverage_packet_display(self, obj):
        return packet_display(obj)

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
