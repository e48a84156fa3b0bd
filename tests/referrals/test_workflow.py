"""Status workflow: allowed transitions, append-only history, viewed once."""

import pytest

from referrals.services import InvalidTransition, change_status, mark_viewed
from referrals.workflow import TRANSITIONS, Status, allowed_next, can_transition


def test_every_status_has_a_row_and_closed_is_final():
    assert set(TRANSITIONS) == set(Status.values)
    assert allowed_next("closed") == []
    assert all("sent" not in targets for targets in TRANSITIONS.values())


@pytest.mark.parametrize(
    "path",
    [
        ["viewed", "contacted", "scheduled", "treated", "closed"],
        ["viewed", "declined", "closed"],
        ["no_capacity", "closed"],
        ["contacted", "scheduled", "contacted", "scheduled", "treated"],
    ],
)
@pytest.mark.django_db
def test_paths_through_the_workflow_leave_a_full_history(make_referral, clinic_staff, path):
    referral, _ = make_referral()
    for status in path:
        change_status(referral=referral, to_status=status, by=clinic_staff, note=f"to {status}")
    referral.refresh_from_db()
    assert referral.status == path[-1]
    history = list(referral.status_changes.values_list("from_status", "to_status"))
    assert history == list(zip(["", "sent", *path[:-1]], ["sent", *path], strict=True))


@pytest.mark.parametrize("start, target", [("closed", "viewed"), ("treated", "sent"), ("declined", "scheduled")])
@pytest.mark.django_db
def test_forbidden_transitions_raise_and_change_nothing(make_referral, start, target):
    referral, _ = make_referral()
    route = {"closed": ["closed"], "treated": ["scheduled", "treated"], "declined": ["declined"]}[start]
    for status in route:
        change_status(referral=referral, to_status=status)
    count = referral.status_changes.count()
    assert not can_transition(start, target)
    with pytest.raises(InvalidTransition):
        change_status(referral=referral, to_status=target)
    referral.refresh_from_db()
    assert referral.status == start and referral.status_changes.count() == count


@pytest.mark.django_db
def test_unknown_status_is_refused(make_referral):
    referral, _ = make_referral()
    with pytest.raises(InvalidTransition):
        change_status(referral=referral, to_status="teleported")


@pytest.mark.django_db
def test_mark_viewed_only_from_sent(make_referral, clinic_staff):
    referral, _ = make_referral()
    assert mark_viewed(referral=referral, by=clinic_staff) is True
    assert mark_viewed(referral=referral, by=clinic_staff) is False
    referral.refresh_from_db()
    assert referral.viewed_by == clinic_staff
    assert referral.status_changes.count() == 2


@pytest.mark.django_db
def test_history_rows_are_never_rewritten(make_referral):
    referral, _ = make_referral()
    first = referral.status_changes.get()
    change_status(referral=referral, to_status="contacted", note="called")
    change_status(referral=referral, to_status="closed")
    first.refresh_from_db()
    assert (first.from_status, first.to_status) == ("", "sent")
    assert referral.status_changes.count() == 3
