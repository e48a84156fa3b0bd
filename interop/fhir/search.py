"""GET /fhir/Task?owner=…&status=…: the caller's visible referrals as a searchset Bundle, paged."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from fhir.resources.R4B.bundle import Bundle

from referrals.models import Referral

from . import referrals
from .http import emit, invalid
from .status import TASK_STATUSES, referrals_with_task_status

PARAMETERS = ("owner", "status", "_count", "_page")
DEFAULT_COUNT, MAX_COUNT = 20, 100


def _number(request, name: str, default: int, high: int) -> int:
    raw = request.GET.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= high:
        raise invalid(_("%(name)s must be a whole number from 1 to %(high)d.") % {"name": name, "high": high}, name)
    return int(raw)


def _filtered(request, visible: QuerySet[Referral]) -> QuerySet[Referral]:
    unknown = sorted(set(request.GET) - set(PARAMETERS))
    if unknown:
        message = _("Unknown search parameter %(name)s. Use: %(known)s.")
        raise invalid(message % {"name": unknown[0], "known": ", ".join(PARAMETERS)}, unknown[0], code="not-supported")
    owner = request.GET.get("owner")
    if owner is not None:
        kind, _slash, pk = owner.rpartition("/")
        if kind not in ("", "Organization") or not pk.isdigit() or len(pk) > 18:
            raise invalid(_("owner must be Organization/<id>."), "owner")
        visible = visible.filter(clinic_id=int(pk))
    statuses = request.GET.get("status")
    if statuses is not None:
        wanted = [value.strip() for value in statuses.split(",")]
        bad = [value for value in wanted if value not in TASK_STATUSES]
        if bad:
            message = _("Unknown Task status %(value)s. Use: %(known)s.")
            raise invalid(message % {"value": bad[0], "known": ", ".join(TASK_STATUSES)}, "status")
        visible = visible.filter(referrals_with_task_status(wanted))
    return visible


def task_search_bundle(request, visible: QuerySet[Referral], *, base: str) -> dict[str, Any]:
    matching = _filtered(request, visible).order_by("-created_at", "-id")
    count = _number(request, "_count", DEFAULT_COUNT, MAX_COUNT)
    page = _number(request, "_page", 1, 10**6)
    total = matching.count()
    rows = list(matching[(page - 1) * count : page * count].prefetch_related("status_changes"))
    entries = []
    for referral in rows:
        history = sorted(referral.status_changes.all(), key=lambda change: (change.at, change.id))
        entries.append(
            {
                "fullUrl": f"{base}/Task/{referral.pk}",
                "resource": referrals.task(referral, history),
                "search": {"mode": "match"},
            }
        )
    query = {key: request.GET[key] for key in PARAMETERS if key in request.GET and key != "_page"}
    links = [{"relation": "self", "url": f"{base}/Task?{urlencode(query | {'_page': page})}"}]
    if page * count < total:
        links.append({"relation": "next", "url": f"{base}/Task?{urlencode(query | {'_page': page + 1})}"})
    if page > 1:
        links.append({"relation": "previous", "url": f"{base}/Task?{urlencode(query | {'_page': page - 1})}"})
    bundle = {"resourceType": "Bundle", "type": "searchset", "total": total, "link": links}
    if entries:
        bundle["entry"] = entries
    return emit(Bundle, bundle)
