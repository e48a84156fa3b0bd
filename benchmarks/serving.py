"""What the HTTP benchmarks share: a database of N synthetic clinics, and gunicorn serving it.

Used by search_benchmark.py (one sequential client) and throughput_benchmark.py (wrk).

A count's database is benchmarks/out/bench-<count>.sqlite3 on SQLite, or on the PostgreSQL
server of DATABASE_URL a database of its own, created if missing and never the one in the URL:
`bench_<count>` when the URL names the server's `postgres` database, `bench_<name>_<count>`
when it names another (so two people sharing a server can keep their databases apart). It is
built with `migrate` and `generate_clinics --count N --seed 1`. gunicorn runs with production
settings (debug off), rate limits off and persistent database connections, as a deployment would.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
PYTHON = sys.executable
SEED = 1
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Target:
    """One database to benchmark: its URL and the environment every subprocess gets."""

    count: int
    url: str
    vendor: str
    env: dict[str, str] = field(default_factory=dict)


def postgres_name(base_url: str, count: int) -> str:
    named = urlsplit(base_url).path.lstrip("/")
    return f"bench_{count}" if named in ("", "postgres") else f"bench_{named}_{count}"


def database_for(count: int, base_url: str | None) -> Target:
    if base_url and base_url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(base_url)
        url = urlunsplit(parts._replace(path=f"/{postgres_name(base_url, count)}"))
        vendor = "PostgreSQL"
    else:
        OUT.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{OUT / f'bench-{count}.sqlite3'}"
        vendor = "SQLite"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark-only-secret-key-not-for-production-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "RATELIMIT_ENABLED": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        # Persistent connections, as a production deployment would run (SQLite defaults to a fresh one per request).
        "DATABASE_CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    return Target(count=count, url=url, vendor=vendor, env=env)


def run(target: Target, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, *args], cwd=ROOT, env=target.env, check=True, text=True, stdout=subprocess.PIPE if capture else None
    )
    return result.stdout or ""


def shell_output(target: Target, code: str, *, timeout: float = 120) -> str | None:
    """The last line `manage.py shell -c code` printed (it may print its auto-imports first), or None if it failed."""
    try:
        out = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=target.env,
            text=True,
            capture_output=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return None
    last = out.stdout.strip().splitlines()[-1:] or [""]
    return last[0] if out.returncode == 0 else None


def clinic_count(target: Target) -> int | None:
    last = shell_output(target, "from directory.models import Clinic; print(Clinic.objects.count())")
    return int(last) if last and last.isdigit() else None


def recreate(target: Target) -> None:
    if target.vendor == "SQLite":
        path = Path(target.url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    parts = urlsplit(target.url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def build(target: Target, *, reuse: bool) -> float | None:
    """Make sure the database holds exactly `count` clinics; returns generation seconds if it generated."""
    if reuse and clinic_count(target) == target.count:
        print(f"  reusing {target.url} ({target.count:,} clinics)", flush=True)
        run(target, "manage.py", "migrate", "--noinput", "-v", "0")
        if target.vendor == "PostgreSQL":
            # A migration that rewrote every clinic row (0014's masks) clears the visibility map, and index-only
            # scans read the table again until autovacuum comes by: start from the state a built database has.
            vacuum = "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE'); print('ok')"
            if shell_output(target, vacuum, timeout=1800) != "ok":
                raise SystemExit(f"VACUUM ANALYZE failed on {target.url}.")
        return None
    print(f"  building {target.url} …", flush=True)
    recreate(target)
    run(target, "manage.py", "migrate", "--noinput", "-v", "0")
    started = time.monotonic()
    run(target, "manage.py", "generate_clinics", "--count", str(target.count), "--seed", str(SEED))
    return time.monotonic() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime: fields 14 and 15 of proc(5)


class Server:
    """gunicorn on a free loopback port: one sync worker unless told otherwise."""

    def __init__(self, target: Target, *, workers: int = 1, worker_class: str = "sync", threads: int = 1):
        self.target = target
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.options = ["--workers", str(workers), "--worker-class", worker_class, "--threads", str(threads)]
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        env = self.target.env
        # Production settings serve hashed static files, which need collectstatic (into the ignored staticfiles/).
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{self.port}"]
            + self.options
            + ["--timeout", "300", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.base}/api/clinics/?page_size=1", timeout=30).read()
                return self
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)
        self.__exit__()
        raise SystemExit("gunicorn did not answer within 60 s")

    def pids(self) -> list[int]:
        """gunicorn's master and its workers."""
        assert self.process is not None
        pids = [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        if children.exists():
            pids += [int(p) for p in children.read_text().split()]
        return pids

    def cpu_seconds(self) -> float:
        """CPU time used so far by the master and the workers alive now."""
        return sum(cpu_seconds(pid) for pid in self.pids())

    def worker_peak_rss_mb(self) -> float:
        """Largest VmHWM (peak resident memory) among gunicorn's processes, in MB."""
        peak_kb = 0
        for pid in self.pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak_kb = max(peak_kb, int(line.split()[1]))
        return peak_kb / 1024

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
