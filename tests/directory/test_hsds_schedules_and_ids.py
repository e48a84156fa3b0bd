"""HSDS schedules carry the UTC offset of the dates they cover; HSDS ids are stable and lead back to their clinic."""

from __future__ import annotations

import datetime
import uuid

import pytest

from directory.exporting.hsds_ids import pk_from, record_id
from directory.exporting.hsds_schedules import offset_stretches


def test_a_december_export_says_minus_four_for_july_in_atlanta():
    stretches = offset_stretches("America/New_York", datetime.date(2026, 12, 3))
    assert [(s.valid_from.isoformat(), s.valid_to.isoformat(), s.offset) for s in stretches] == [
        ("2026-12-03", "2027-03-13", "-05:00"),
        ("2027-03-14", "2027-11-06", "-04:00"),
        ("2027-11-07", "2027-12-02", "-05:00"),
    ]
    july = next(s for s in stretches if s.valid_from <= datetime.date(2027, 7, 15) <= s.valid_to)
    assert (july.offset, july.hours) == ("-04:00", -4.0)


def test_a_zone_without_daylight_saving_has_one_stretch():
    (only,) = offset_stretches("America/Phoenix", datetime.date(2026, 12, 3))
    assert (only.offset, only.valid_to) == ("-07:00", datetime.date(2027, 12, 2))


def test_half_hour_offsets_are_written_in_full():
    (only,) = offset_stretches("Asia/Kolkata", datetime.date(2026, 1, 1), days=30)
    assert (only.offset, only.hours) == ("+05:30", 5.5)


@pytest.mark.parametrize("pk", [1, 42, 10**12])
def test_ids_are_uuids_that_lead_back_to_their_record(pk):
    value = record_id("service", pk)
    assert uuid.UUID(value).version == 8
    assert record_id("service", pk) == value
    assert pk_from("service", value) == pk


def test_an_id_of_another_table_or_a_made_up_one_leads_nowhere():
    value = record_id("service", 7)
    assert pk_from("organization", value) is None
    assert pk_from("service", str(uuid.uuid4())) is None
    assert pk_from("service", "not-a-uuid") is None
    assert record_id("service", 7) != record_id("organization", 7) != record_id("service", 8)


def test_ids_depend_on_the_site(settings):
    value = record_id("service", 7)
    settings.SITE_URL = "https://another.example.org"
    assert record_id("service", 7) != value and pk_from("service", value) is None
