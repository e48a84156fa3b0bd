"""Faults on a live site (gunicorn, PostgreSQL behind a proxy): the database goes away, a worker is SIGKILLed.

- The database goes away mid-load and comes back: every request answers 2xx or 503 (JSON
  under /api/, a page saying to try again elsewhere; never a traceback), the same workers
  recover without a restart, and no referral is half-written: each has exactly its 'sent'
  history row, and a client retrying with its Idempotency-Key gets exactly one referral.
- A worker is killed (SIGKILL) while referrals are being submitted: clients whose
  connection died retry with the same Idempotency-Key and get exactly one referral each.

Figures are printed (and kept in docs/OPERATIONS.md).
"""

from __future__ import annotations

import os
import threading
import time
import uuid

import pytest
from django.conf import settings

from tests.faults.conftest import on_postgresql
from tests.faults.live import live_site
from tests.referrals.helpers import referral_body, suitable_answers

pytestmark = pytest.mark.faults

OK = {200, 201}
# Every request must succeed again this soon after the database returns (measured: at once, 0.0 s).
RECOVERY_SECONDS = 2


@pytest.fixture(scope="module")
def site():
    if not on_postgresql():
        pytest.skip("the live-site faults need PostgreSQL (DATABASE_URL=postgres://...)")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with live_site(f"faults_live_{settings.DATABASES['default']['NAME']}_{worker}"[:63]) as live:
        yield live


@pytest.fixture(scope="module")
def clinic_slug(site) -> str:
    status, payload = site.request("POST", "/api/prescreen/", {"answers": suitable_answers(), "near": "30303"})
    assert status == 200 and payload["clinics"], payload
    return payload["clinics"][0]["slug"]


def rows(site, sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(site.direct_url.replace("postgres://", "postgresql://", 1)) as conn:
        return conn.execute(sql).fetchall()


def assert_each_key_one_whole_referral(site, ids_by_key: dict[str, set[int]]) -> None:
    stored = dict(rows(site, "SELECT idempotency_key, array_agg(id) FROM referrals_referral GROUP BY 1"))
    for key, ids in ids_by_key.items():
        assert len(stored.get(key, [])) == 1, f"{key}: {stored.get(key)} stored"
        assert ids == set(stored[key]), f"{key}: told {ids}, stored {stored[key]}"
    half_written = rows(
        site,
        "SELECT r.id FROM referrals_referral r LEFT JOIN referrals_referralstatuschange c ON c.referral_id = r.id "
        "GROUP BY r.id HAVING count(c.id) <> 1",
    )
    assert half_written == [], f"referrals without exactly one history row: {half_written}"


def send_referral(site, slug: str, key: str):
    body = referral_body(slug, note=f"fault test {key}")
    headers = {"Authorization": f"Token {site.token}", "Idempotency-Key": key}
    return site.request("POST", "/api/referrals/", body, headers)


def retry_until_answered(site, slug: str, key: str, attempts: int = 20) -> tuple[int, dict, int]:
    """What a careful client does: the same Idempotency-Key until a real answer. (status, payload, tries)."""
    for attempt in range(1, attempts + 1):
        try:
            status, payload = send_referral(site, slug, key)
        except OSError:
            status, payload = None, None
        if status in OK or (status is not None and status < 500 and status != 429):
            return status, payload, attempt
        time.sleep(0.2)
    raise AssertionError(f"{key}: no answer after {attempts} tries")


def test_database_away_mid_load_answers_503_and_recovers_without_restart(site, clinic_slug, capsys):
    log: list[tuple[float, str, int | None, object, str | None]] = []
    stop = threading.Event()
    pids_before = sorted(site.worker_pids())

    def client(number: int) -> None:
        serial = 0
        while not stop.is_set():
            serial += 1
            kind = ("search", "page", "referral")[(serial + number) % 3]
            key = None
            try:
                if kind == "search":
                    status, payload = site.request("GET", "/api/clinics/?near=30303&radius=25", timeout=15)
                elif kind == "page":
                    status, payload = site.request("GET", "/clinics/?near=30303", timeout=15)
                else:
                    key = f"db-away-{number}-{serial}-{uuid.uuid4().hex[:6]}"
                    status, payload = send_referral(site, clinic_slug, key)
            except OSError as error:
                status, payload = None, repr(error)
            log.append((time.monotonic(), kind, status, payload, key))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    cut_at = time.monotonic()
    site.proxy.cut()
    time.sleep(3)
    restored_at = time.monotonic()
    site.proxy.restore()
    time.sleep(RECOVERY_SECONDS + 2)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)

    statuses = {status for _, _, status, _, _ in log}
    assert statuses <= {200, 201, 503}, f"unexpected answers: {statuses - {200, 201, 503}}"
    during = [entry for entry in log if cut_at <= entry[0] <= restored_at]
    unavailable = [entry for entry in log if entry[2] == 503]
    # Writes need the database: every referral sent during the outage is a 503. A search asked before
    # the outage is answered from the cache (directory.listing_version) without it: a 200 is right too.
    writes_during = [entry for entry in during[2:] if entry[1] == "referral"]
    assert unavailable and writes_during and all(entry[2] == 503 for entry in writes_during), "the outage was not seen"
    searches_during = [entry for entry in during[2:] if entry[1] != "referral"]
    assert all(entry[2] in {200, 503} for entry in searches_during)
    for _, kind, _, payload, _ in unavailable:
        if kind == "page":
            assert "try again in a minute" in payload and "Traceback" not in payload
        else:
            assert "try again" in payload["errors"]["__all__"][0]
    last_503 = max(entry[0] for entry in unavailable)
    recovery = max(0.0, last_503 - restored_at)
    after = [entry for entry in log if entry[0] > restored_at + RECOVERY_SECONDS]
    assert after and all(entry[2] in OK for entry in after), [
        (round(t - restored_at, 2), kind, status, str(payload)[:300])
        for t, kind, status, payload, _ in log
        if t > restored_at and status not in OK
    ]
    assert sorted(site.worker_pids()) == pids_before, "recovered by restarting workers"

    # Every referral the clients did not get a clear answer for is sent again with its key.
    ids_by_key, retried = {}, 0
    for _, kind, status, payload, key in log:
        if kind != "referral":
            continue
        if status not in OK:
            status, payload, _ = retry_until_answered(site, clinic_slug, key)
            retried += 1
        assert status in OK, (key, status, payload)
        ids_by_key[key] = {payload["id"]}
    assert_each_key_one_whole_referral(site, ids_by_key)
    with capsys.disabled():
        print(
            f"\nfault database-away: {len(log)} requests (3 clients), outage 3.0 s: {len(unavailable)} answered 503 "
            f"(JSON or page, no traceback), 0 other errors; recovered {recovery:.2f} s after the database returned, "
            f"same workers; {len(ids_by_key)} referrals, {retried} resent with their key, 0 duplicated, "
            f"0 half-written"
        )


def test_sigkill_of_a_worker_during_referrals_gives_one_referral_per_key(site, clinic_slug, capsys):
    stop = threading.Event()
    ids_by_key: dict[str, set[int]] = {}
    interrupted: list[str] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        serial = 0
        while not stop.is_set():
            serial += 1
            key = f"sigkill-{number}-{serial}-{uuid.uuid4().hex[:6]}"
            try:
                status, payload = send_referral(site, clinic_slug, key)
            except OSError:  # the worker died under this request: retry as a client would
                with lock:
                    interrupted.append(key)
                status, payload, _ = retry_until_answered(site, clinic_slug, key)
            if status not in OK:  # a 502/503 from a dying worker: the same
                with lock:
                    interrupted.append(key)
                status, payload, _ = retry_until_answered(site, clinic_slug, key)
            assert status in OK, (key, status, payload)
            with lock:
                ids_by_key.setdefault(key, set()).add(payload["id"])

    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    kills = 0
    deadline = time.monotonic() + 20
    while (kills < 3 or not interrupted) and time.monotonic() < deadline:
        time.sleep(0.4)
        if site.worker_pids():
            site.kill_worker()
            kills += 1
    time.sleep(1)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    assert interrupted, "no kill landed during a submission"
    assert_each_key_one_whole_referral(site, ids_by_key)
    with capsys.disabled():
        print(
            f"\nfault sigkill: {kills} workers killed during {len(ids_by_key)} referral submissions (4 clients); "
            f"{len(interrupted)} interrupted and retried with their Idempotency-Key; each key exactly 1 referral"
        )


ROUND_TRIP_TABLES = (
    "referrals_referral",
    "referrals_referralstatuschange",
    "referrals_referralaccesslog",
    "directory_clinic",
    "auth_user",
    "django_tasks_database_dbtaskresult",
)


def table_digests(url: str) -> dict[str, tuple[int, str]]:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        return {
            table: conn.execute(
                f"SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t.id)), '') FROM {table} t"
            ).fetchone()
            for table in ROUND_TRIP_TABLES
        }


def test_pg_dump_and_pg_restore_bring_back_every_referral_and_its_history(site, clinic_slug, tmp_path, capsys):
    """The commands of docs/OPERATIONS.md, on the live site's database after the faults above (or fresh ones)."""
    import shutil
    import subprocess

    from tests.faults.live import _admin, manage

    if not shutil.which("pg_dump") or not shutil.which("pg_restore"):
        pytest.fail("pg_dump and pg_restore are needed (Debian: postgresql-client)")
    for n in range(5):
        assert send_referral(site, clinic_slug, f"backup-{n}-{uuid.uuid4().hex[:6]}")[0] == 201
    manage(
        {**site.env, "DATABASE_URL": site.direct_url},
        "shell",
        "--no-imports",
        "-c",
        "from referrals.models import Referral; from referrals.services import change_status\n"
        "for r in Referral.objects.filter(status='sent').order_by('id')[:5]:\n"
        "    change_status(referral=r, to_status='contacted', note='Called.')",
    )
    before = table_digests(site.direct_url)
    assert before["referrals_referral"][0] >= 5 and before["referrals_referralstatuschange"][0] >= 10

    dump = tmp_path / "clinicfinder.dump"
    started = time.perf_counter()
    subprocess.run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--dbname={site.direct_url}",
            f"--file={dump}",
        ],
        check=True,
        timeout=120,
    )
    dumped = time.perf_counter() - started
    restored_name = site.direct_url.rsplit("/", 1)[1] + "_restored"
    restored_url = site.direct_url.rsplit("/", 1)[0] + "/" + restored_name
    _admin(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{restored_name}"')
    try:
        started = time.perf_counter()
        subprocess.run(
            ["pg_restore", "--no-owner", "--no-privileges", f"--dbname={restored_url}", str(dump)],
            check=True,
            timeout=120,
        )
        restored = time.perf_counter() - started
        manage({**site.env, "DATABASE_URL": restored_url}, "migrate", "--check")
        after = table_digests(restored_url)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)')
    assert after == before, {table: (before[table], after[table]) for table in before if before[table] != after[table]}
    with capsys.disabled():
        print(
            f"\nfault backup round trip: pg_dump {dumped:.2f} s ({dump.stat().st_size / 1024:.0f} KiB), "
            f"pg_restore {restored:.2f} s; {before['referrals_referral'][0]} referrals, "
            f"{before['referrals_referralstatuschange'][0]} history rows, "
            f"{before['referrals_referralaccesslog'][0]} access-log rows: every row identical (md5 per table)"
        )
