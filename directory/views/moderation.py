"""Report a problem with a listing (public, no account) and the HSDS export of published listings."""

from __future__ import annotations

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.ratelimit import ratelimit
from directory.api.headers import public_read
from directory.exporting import hsds_json_chunks
from directory.models import Clinic
from directory.problem_reports import ProblemReportForm, file_problem_report


@require_POST
@ratelimit("report")
def report_problem(request, slug: str):
    clinic = get_object_or_404(Clinic.objects.published().select_related("city"), slug=slug)
    form = ProblemReportForm(request.POST)
    if not form.is_valid():
        return render(request, "moderation/report_problem.html", {"clinic": clinic, "report_form": form}, status=400)
    file_problem_report(clinic=clinic, form=form)
    messages.success(request, _("Thank you. Our staff will check this listing."))
    return redirect(clinic.get_absolute_url())


@public_read()
def hsds_export(request):
    """GET /api/export/hsds/: every published listing as Open Referral HSDS 3.0 JSON.

    Streamed, so without a Content-Length. HEAD answers the same headers (ETag, Cache-Control)
    without building the export.
    """
    if request.method == "HEAD":
        return StreamingHttpResponse(iter(()), content_type="application/json")
    base_url = request.build_absolute_uri("/").rstrip("/")
    chunks = hsds_json_chunks(Clinic.objects.published(), base_url=base_url)
    return StreamingHttpResponse(chunks, content_type="application/json")
