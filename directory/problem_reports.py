"""Report a problem with a listing: the form the public fills in, and filing it in the moderation queue."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Clinic, ProblemReport


class ProblemReportForm(forms.ModelForm):
    class Meta:
        model = ProblemReport
        fields = ["kind", "details", "reporter_email"]
        widgets = {"kind": forms.RadioSelect}
        labels = {
            "kind": _("What is wrong?"),
            "details": _("Details (optional)"),
            "reporter_email": _("Your email (optional)"),
        }
        help_texts = {
            "details": _("At most 1,000 characters. Please do not include health information."),
            "reporter_email": _("Only if we may ask you about this report. We never publish it."),
        }


def file_problem_report(*, clinic: Clinic, form: ProblemReportForm) -> ProblemReport:
    """Save a valid form's report against `clinic`; it starts open in the moderation queue."""
    report = form.save(commit=False)
    report.clinic = clinic
    report.status = ProblemReport.Status.OPEN
    report.full_clean()
    report.save()
    return report
