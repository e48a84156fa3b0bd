"""Fuzz report-a-problem (public POST) and the CSV import (command, admin upload)."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from directory.importing import IMPORT_COLUMNS, import_clinics_csv
from directory.models import Clinic
from tests.security.fuzzing import assert_no_server_error, fuzz, text


@st.composite
def report_form(draw):
    data = {
        "kind": draw(st.one_of(st.sampled_from(["wrong_phone", "closed", "other", ""]), text(20))),
        "details": draw(text(1200)),
        "reporter_email": draw(st.one_of(st.sampled_from(["", "a@example.org", "nope"]), text(40))),
    }
    for key in draw(st.lists(st.sampled_from(sorted(data)), max_size=2)):
        data.pop(key, None)
    return data


@fuzz(80)
@given(data=report_form(), slug=st.one_of(st.just("alpha-imaginary"), text(30)))
def test_report_a_problem(client, fuzz_world, data, slug):
    response = client.post(f"/clinics/{quote(slug, safe='')}/report/", data)
    assert_no_server_error(response, f"{slug!r} {data!r:.300}")
    assert response.status_code in (302, 400, 404)


VALUES = {
    "name": ["Gamma Fictional Ketamine"],
    "slug": ["gamma-fictional", "alpha-imaginary", "Bad Slug!"],
    "city": ["Atlanta", "Nowhere"],
    "state": ["GA", "ZZ", "georgia"],
    "zip_code": ["30303", "3030", "ABCDE"],
    "latitude": ["33.75", "91", "nan", "1e309"],
    "longitude": ["-84.39", "-181", "inf"],
    "price_from": ["100", "-5", "1e20"],
    "treatments": ["iv-infusion", "iv-infusion;nope", ""],
    "accepting_new_patients": ["yes", "maybe"],
    "website": ["https://example.org", "javascript:alert(1)"],
}


@st.composite
def csv_file(draw) -> bytes:
    if draw(st.integers(0, 3)) == 0:
        return draw(st.binary(max_size=400))
    columns = draw(st.lists(st.one_of(st.sampled_from(IMPORT_COLUMNS), text(12)), min_size=1, max_size=12, unique=True))
    if draw(st.booleans()):
        columns = list(dict.fromkeys(["name", "slug", "city", "state", "zip_code", *columns]))
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        rows.append([draw(st.one_of(st.sampled_from(VALUES.get(c, [""])), text(30))) for c in columns])
        if draw(st.integers(0, 5)) == 0:
            rows[-1] = rows[-1][: draw(st.integers(0, len(columns)))] + [draw(text(10))] * draw(st.integers(0, 2))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    encoded = out.getvalue().encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 5)) == 0:  # break the quoting or the encoding part-way
        cut = draw(st.integers(0, len(encoded)))
        encoded = encoded[:cut] + draw(st.sampled_from([b'"', b"\xff\xfe", b"\x00", b"\r"])) + encoded[cut:]
    return encoded


@fuzz(100)
@given(raw=csv_file(), dry_run=st.booleans())
def test_import_clinics_csv_never_raises(fuzz_world, raw, dry_run):
    before = Clinic.objects.count()
    report = import_clinics_csv(file=io.BytesIO(raw), dry_run=dry_run)
    assert all(error.line >= 1 and str(error) for error in report.errors)
    if dry_run:
        assert Clinic.objects.count() == before


@fuzz(40)
@given(raw=csv_file())
def test_admin_import_upload(client, fuzz_world, raw):
    client.force_login(fuzz_world.site_staff)
    upload = io.BytesIO(raw)
    upload.name = "clinics.csv"
    response = client.post("/admin/directory/clinic/import/", {"file": upload, "dry_run": "on"})
    assert_no_server_error(response, repr(raw[:200]))
    assert response.status_code in (200, 400)
