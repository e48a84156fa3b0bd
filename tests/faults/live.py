"""The site as production runs it, for the fault tests: gunicorn, PostgreSQL behind a FaultProxy.

`live_site()` builds a fresh database next to the test database (<test db>_live), migrates
it, loads the demo data, collects static files, issues an API token for demo-referrer and
starts gunicorn (2 sync workers, debug off) with DATABASE_URL pointing at the proxy, so a
test can take the database away mid-load and give it back. Everything is torn down after.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

from tests.faults.proxy import FaultProxy

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class LiveSite:
    port: int
    proxy: FaultProxy
    process: subprocess.Popen
    env: dict[str, str]
    direct_url: str  # the database without the proxy (for checks and for pg_dump)
    token: str  # demo-referrer's API key

    def request(self, method: str, path: str, body=None, headers=None, timeout: float = 30):
        """(status, parsed JSON or text) of one request on a fresh connection; OSError if none came back."""
        data = json.dumps(body) if isinstance(body, dict | list) else body
        all_headers = {"Content-Type": "application/json", **(headers or {})} if data is not None else headers or {}
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=data, headers=all_headers)
            response = conn.getresponse()
            payload = response.read().decode("utf-8", "replace")
            kind = response.getheader("Content-Type", "")
            return response.status, json.loads(payload) if kind.startswith("application/json") else payload
        finally:
            conn.close()

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def kill_worker(self) -> int:
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid


def _database_url(name: str, *, host: str | None = None, port: int | None = None) -> str:
    db = settings.DATABASES["default"]
    user = quote(db.get("USER") or "postgres")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = host or db.get("HOST") or "127.0.0.1"
    return f"postgres://{user}{password}@{host}:{port or db.get('PORT') or 5432}/{name}"


def _admin(sql: str) -> None:
    import psycopg

    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(sql)


def environment(database_url: str) -> dict[str, str]:
    keep = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}}
    return {
        **keep,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "fault-test-only-secret-key-not-for-production-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_DEMO_ACCOUNTS": "1",
        "RATELIMIT_ENABLED": "0",
        "DATABASE_CONN_MAX_AGE": "60",  # persistent connections, as in production: they must survive a cut
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=True, timeout=300
    )
    return done.stdout


def prepare_database(name: str) -> tuple[str, str]:
    """A fresh database `name` with the demo data; (its direct URL, demo-referrer's API key)."""
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}"')
    url = _database_url(name)
    env = environment(url)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    token = manage(env, "create_referrer_token", "demo-referrer", "--name", "fault test").strip().splitlines()[-1]
    return url, token


def drop_database(name: str) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def live_site(name: str):
    direct_url, token = prepare_database(name)
    db = settings.DATABASES["default"]
    proxy = FaultProxy(db.get("HOST") or "127.0.0.1", int(db.get("PORT") or 5432))
    env = environment(_database_url(name, host="127.0.0.1", port=proxy.port))
    port = _free_port()
    errors = tempfile.TemporaryFile()  # a file, not a pipe: a chatty gunicorn must never block on a full pipe
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", "2", "--timeout", "30", "--graceful-timeout", "5", "--log-level", "warning"]
    command += ["--logger-class", "config.gunicorn_logging.RedactingLogger"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors)
    site = LiveSite(port=port, proxy=proxy, process=process, env=env, direct_url=direct_url, token=token)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if site.request("GET", "/api/clinics/?page_size=1", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                errors.seek(0)
                raise RuntimeError("gunicorn did not start: " + errors.read().decode(errors="replace"))
            time.sleep(0.3)
        yield site
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        proxy.close()
        errors.close()
        drop_database(name)
