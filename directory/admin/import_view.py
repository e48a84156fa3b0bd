"""The CSV import page for site staff: the same import as `manage.py import_clinics`."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.template.response import TemplateResponse

from directory.importing import IMPORT_COLUMNS, REQUIRED_COLUMNS, import_clinics_csv

# Django streams uploads over 2.5 MB to a temporary file, so a large upload costs disk, not memory.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(help_text="A UTF-8 CSV file of at most 5 MB, with a header line naming the columns.")
    dry_run = forms.BooleanField(
        required=False, initial=True, help_text="Check every row and report problems, but save nothing."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB. Split it into smaller files.")
        return upload


def import_clinics_view(model_admin, request):
    report = None
    status = 200
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            report = import_clinics_csv(file=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"])
            level = messages.SUCCESS if report.ok else messages.WARNING
            model_admin.message_user(request, report.summary(), level)
        else:
            status = 400
            for errors in form.errors.values():
                for error in errors:
                    model_admin.message_user(request, error, messages.ERROR)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Import clinics from CSV",
        "opts": model_admin.model._meta,
        "form": form,
        "report": report,
        "required_columns": REQUIRED_COLUMNS,
        "columns": IMPORT_COLUMNS,
    }
    return TemplateResponse(request, "admin/directory/clinic/import.html", context, status=status)
