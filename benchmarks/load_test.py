"""Load and concurrency test: gunicorn + a real database, many clients, then check every referral.

    .venv/bin/python benchmarks/load_test.py                 # PostgreSQL, 50 clients, 30 s
    .venv/bin/python benchmarks/load_test.py --sqlite        # SQLite (WAL), 10 clients
    DATABASE_URL=postgres://user@host:5432/x .venv/bin/python benchmarks/load_test.py --duration 60

1. Builds a fresh database: PostgreSQL `loadtest` on the server of DATABASE_URL (default
   postgres://postgres@127.0.0.1:5432/loadtest; never the database named in the URL), or the
   SQLite file benchmarks/out/loadtest.sqlite3; migrate, load_demo (demo accounts on), an API
   token for demo-referrer.
2. Serves it with gunicorn (production settings, rate limits off, gthread workers) on a free
   127.0.0.1 port.
3. N client threads (http.client, keep-alive) send for --duration seconds (and at most
   --max-requests) a mix: 45% searches (API and pages), 25% pre-screens with routing, 30%
   referrals (anonymous and by token), each with an Idempotency-Key; 30% of referrals are
   sent again with the same key after the answer, 10% twice at the same moment.
4. Checks: no 5xx and no connection error; every accepted referral (201, or 200 replayed) is
   in the database exactly once with the id the client was given; no key has two rows; each
   referral's history is exactly its 'sent' row. Prints throughput and p50/p95 per kind, and
   exits 1 if any check fails.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
PYTHON = sys.executable
PLACES = ["30303", "90012", "78701", "60601", "98101", "10001"]
CITIES = ["atlanta-ga", "los-angeles-ca", "austin-tx", "chicago-il", "seattle-wa", "new-york-ny"]
ANSWERS = {
    "age_18_or_over": True,
    "phq2_interest": 2,
    "phq2_mood": 2,
    "self_harm_thoughts": 0,
    "suicide_behavior": "never",
    "condition": "depression",
    "antidepressant_trials": "2+",
    "ketamine_allergy": "no",
    "ketamine_before": "never",
    "vascular_history": "no",
    "medical_conditions": [],
    "psychosis_history": "no",
    "mania_history": "no",
    "substance_use": "never",
    "hallucinogen_bad_reaction": False,
    "pregnancy": "not_applicable",
    "medications": [],
    "ride_home": True,
    "no_driving_until_next_day": True,
}


def database_url(sqlite: bool) -> str:
    if sqlite:
        OUT.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{OUT / 'loadtest.sqlite3'}"
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        base = "postgres://postgres@127.0.0.1:5432/postgres"
    return urlunsplit(urlsplit(base)._replace(path="/loadtest"))


def environment(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "load-test-only-secret-key-not-for-production-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_DEMO_ACCOUNTS": "1",
        "RATELIMIT_ENABLED": "0",
        "DATABASE_CONN_MAX_AGE": "600",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=True)
    return done.stdout


def prepare(url: str, env: dict[str, str]) -> str:
    """A fresh database with the demo data; returns an API token key for demo-referrer."""
    if url.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(urlsplit(url).path + suffix).unlink(missing_ok=True)
    else:
        import psycopg

        admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute('DROP DATABASE IF EXISTS "loadtest" WITH (FORCE)')
            conn.execute('CREATE DATABASE "loadtest"')
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput", "-v", "0")  # production settings serve hashed static files
    return manage(env, "create_referrer_token", "demo-referrer", "--name", "load test").strip().splitlines()[-1]


class Server:
    def __init__(self, env: dict[str, str], *, workers: int, threads: int):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        command = [PYTHON, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread"]
        command += ["--timeout", "120", "--keep-alive", "30", "--log-level", "warning", "--backlog", "512"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = Client(self.port).request("GET", "/api/clinics/?page_size=1")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


class Client:
    """One keep-alive connection; reconnects once if the server closed it."""

    def __init__(self, port: int):
        self.port = port
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json", **(headers or {})} if data else dict(headers or {})
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                payload = response.read()
                return response.status, payload
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    statuses: collections.Counter = field(default_factory=collections.Counter)
    errors: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    # Idempotency-Key -> ids the server gave for it (201 or 200 replay)
    accepted: dict[str, set[int]] = field(default_factory=lambda: collections.defaultdict(set))
    sent_keys: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    count: int = 0

    def record(self, kind: str, seconds: float, status: int, payload: bytes, key: str | None = None) -> None:
        with self.lock:
            self.count += 1
            self.latencies[kind].append(seconds)
            self.statuses[(kind, status)] += 1
            if status >= 500:
                self.errors.append(f"{kind}: {status} {payload[:200]!r}")
            elif status >= 400:  # every body the clients send is valid: any 4xx is a failure too
                self.refused.append(f"{kind}: {status} {payload[:200]!r}")
            if key and status in (200, 201):
                ids, given = self.accepted[key], json.loads(payload)["id"]
                if given is not None:  # an anonymous replay names no referral (issue 13, finding 8)
                    ids.add(given)


def timed(client: Client, results: Results, kind: str, method: str, path: str, body=None, headers=None, key=None):
    started = time.perf_counter()
    try:
        status, payload = client.request(method, path, body, headers)
    except OSError as error:
        with results.lock:
            results.errors.append(f"{kind}: connection error {error!r}")
        return
    results.record(kind, time.perf_counter() - started, status, payload, key)


def referral_body(clinic: str, serial: int) -> dict:
    return {
        "answers": ANSWERS,
        "clinic": clinic,
        "patient": {
            "first_name": "Loadtest",
            "last_name": f"Person{serial}",
            "email": f"load{serial}@example.org",
            "phone": f"(404) 555-01{serial % 100:02d}",
            "preferred_contact": "email",
        },
        "consent": True,
        "note": "",
    }


def worker(port: int, stop_at: float, results: Results, targets: list[str], token: str, seed: int, limit: int):
    rng = random.Random(seed)
    client = Client(port)
    while time.monotonic() < stop_at and results.count < limit:
        roll = rng.random()
        place = rng.choice(PLACES)
        if roll < 0.30:
            timed(client, results, "search_api", "GET", f"/api/clinics/?near={place}&radius=25")
        elif roll < 0.45:
            path = rng.choice([f"/clinics/?near={place}", f"/cities/{rng.choice(CITIES)}/"])
            timed(client, results, "search_page", "GET", path)
        elif roll < 0.70:
            timed(client, results, "prescreen", "POST", "/api/prescreen/", {"answers": ANSWERS, "near": place})
        else:
            key = uuid.uuid4().hex
            headers = {"Idempotency-Key": key}
            if rng.random() < 0.3:
                headers["Authorization"] = f"Token {token}"
            body = referral_body(rng.choice(targets), rng.randrange(10**6))
            with results.lock:
                results.sent_keys.add(key)
            args = ("POST", "/api/referrals/", body, headers)
            if rng.random() < 0.1:  # the same submission twice at once (a double click, a proxy retry)
                twin_args = (Client(port), results, "referral", *args)
                twin = threading.Thread(target=timed, args=twin_args, kwargs={"key": key})
                twin.start()
                timed(client, results, "referral", *args, key=key)
                twin.join()
            else:
                timed(client, results, "referral", *args, key=key)
                if rng.random() < 0.3:  # the client did not see the answer and sends again
                    timed(client, results, "referral_retry", *args, key=key)


def referral_targets(port: int) -> list[str]:
    """Clinics that take the test referral, as the pre-screen routes them."""
    client, slugs = Client(port), []
    for place in PLACES:
        status, payload = client.request("POST", "/api/prescreen/", {"answers": ANSWERS, "near": place, "radius": 50})
        if status == 200:
            slugs += [clinic["slug"] for clinic in json.loads(payload)["clinics"]]
    if not slugs:
        raise SystemExit("the pre-screen routed to no clinic: is the demo data loaded?")
    return sorted(set(slugs))


def check_database(env: dict[str, str], results: Results) -> dict[str, int]:
    """Compare what clients were told with what the database holds."""
    os.environ.update({k: v for k, v in env.items() if k.startswith(("DJANGO", "DATABASE", "RATELIMIT"))})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db.models import Count, Q

    from referrals.models import Referral

    first_row = Q(status_changes__to_status="sent", status_changes__from_status="")
    rows = list(
        Referral.objects.filter(idempotency_key__in=results.sent_keys)
        .annotate(history=Count("status_changes"), sent_rows=Count("status_changes", filter=first_row))
        .values_list("id", "idempotency_key", "history", "sent_rows")
    )
    by_key = collections.defaultdict(list)
    for pk, key, _, _ in rows:
        by_key[key].append(pk)
    accepted = results.accepted
    return {
        "referrals accepted": len(accepted),
        "rows in database": len(rows),
        "lost (accepted, not stored)": sum(1 for key, ids in accepted.items() if by_key.get(key, [None])[0] not in ids),
        "told two different ids": sum(1 for ids in accepted.values() if len(ids) > 1),
        "duplicated (two rows, one key)": sum(len(pks) - 1 for pks in by_key.values() if len(pks) > 1),
        "stored but never acknowledged": sum(1 for key in by_key if key not in accepted),
        "history not exactly its 'sent' row": sum(1 for _, _, history, sent in rows if (history, sent) != (1, 1)),
        "all referrals in database": Referral.objects.count(),
    }


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", action="store_true", help="SQLite file instead of PostgreSQL")
    parser.add_argument("--clients", type=int, help="concurrent clients (default 50, SQLite 10)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load (default 30)")
    parser.add_argument("--max-requests", type=int, default=50_000, help="stop after this many requests")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, help="threads per worker (default 8, SQLite 4)")
    args = parser.parse_args()
    clients = args.clients or (10 if args.sqlite else 50)
    threads = args.threads or (4 if args.sqlite else 8)
    url = database_url(args.sqlite)
    env = environment(url)
    vendor = "SQLite" if args.sqlite else "PostgreSQL"
    print(f"Preparing {vendor} at {url} …", flush=True)
    token = prepare(url, env)
    server = Server(env, workers=args.workers, threads=threads)
    results = Results()
    try:
        server.wait_ready()
        targets = referral_targets(server.port)
        print(f"Load: {clients} clients for {args.duration:.0f} s, {len(targets)} clinics take referrals", flush=True)
        started = time.monotonic()
        stop_at = started + args.duration
        pool = [
            threading.Thread(
                target=worker, args=(server.port, stop_at, results, targets, token, seed, args.max_requests)
            )
            for seed in range(clients)
        ]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.stop()
    checks = check_database(env, results)

    print(f"\n## {vendor}, {clients} clients, gunicorn {args.workers} workers x {threads} threads, {elapsed:.1f} s")
    load = "/".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{results.count} requests, {results.count / elapsed:.1f} requests/s on loopback; ", end="")
    print(f"{os.cpu_count()} cores, load average after the run {load} (other jobs included)\n")
    print("| kind | requests | p50 ms | p95 ms | statuses |\n|---|---|---|---|---|")
    for kind, values in sorted(results.latencies.items()):
        statuses = ", ".join(f"{s}: {n}" for (k, s), n in sorted(results.statuses.items()) if k == kind)
        p50, p95 = percentile(values, 50) * 1000, percentile(values, 95) * 1000
        print(f"| {kind} | {len(values)} | {p50:.0f} | {p95:.0f} | {statuses} |")
    print()
    for name, value in checks.items():
        print(f"- {name}: {value}")
    print(f"- 5xx or connection errors: {len(results.errors)}")
    print(f"- 4xx for valid requests: {len(results.refused)}")
    for error in (results.errors + results.refused)[:10]:
        print(f"  {error}")
    failed = (
        results.errors
        or results.refused
        or any(
            checks[name]
            for name in (
                "lost (accepted, not stored)",
                "told two different ids",
                "duplicated (two rows, one key)",
                "history not exactly its 'sent' row",
            )
        )
    )
    print("\nFAILED" if failed else "\nOK: no 5xx, no lost or duplicated referral, histories intact")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
