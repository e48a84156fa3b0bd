"""Our referral statuses as FHIR Task.status (the SDOH Clinical Care / BSeR reading of a referral Task).

| our status    | Task.status | why |
|---------------|-------------|-----|
| `sent`        | requested   | sent, the clinic has not opened it |
| `viewed`      | received    | the clinic opened it |
| `contacted`   | accepted    | the clinic took it on and contacted the patient |
| `scheduled`   | in-progress | an appointment is booked |
| `treated`     | completed   | treatment started: the referral did its job |
| `declined`    | rejected    | the clinic will not take it |
| `no_capacity` | rejected    | the clinic cannot take it now (businessStatus says which) |
| `closed`      | completed if it was `treated` before, else cancelled |

Task.businessStatus always carries our own status, so nothing is lost in the mapping.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q

from referrals.models import ReferralStatusChange
from referrals.workflow import Status

TASK_STATUS: dict[str, str] = {
    Status.SENT: "requested",
    Status.VIEWED: "received",
    Status.CONTACTED: "accepted",
    Status.SCHEDULED: "in-progress",
    Status.TREATED: "completed",
    Status.DECLINED: "rejected",
    Status.NO_CAPACITY: "rejected",
    Status.CLOSED: "cancelled",
}
TASK_STATUSES = ("requested", "received", "accepted", "in-progress", "completed", "rejected", "cancelled")


def task_status(status: str, earlier: Iterable[str] = ()) -> str:
    """Task.status for our `status`, given the statuses the referral went through before it."""
    if status == Status.CLOSED and Status.TREATED in set(earlier):
        return "completed"
    return TASK_STATUS[status]


def referrals_with_task_status(task_statuses: Iterable[str]) -> Q:
    """A filter on Referral for the referrals whose Task.status is one of `task_statuses`."""
    was_treated = Exists(ReferralStatusChange.objects.filter(referral=OuterRef("pk"), to_status=Status.TREATED))
    wanted = set(task_statuses)
    query = Q(pk__in=[])
    plain = [ours for ours, theirs in TASK_STATUS.items() if theirs in wanted and ours != Status.CLOSED]
    if plain:
        query |= Q(status__in=plain)
    if "completed" in wanted:
        query |= Q(status=Status.CLOSED) & Q(was_treated)
    if "cancelled" in wanted:
        query |= Q(status=Status.CLOSED) & ~Q(was_treated)
    return query
