"""Production settings, checked in a fresh interpreter with a controlled environment.

The test process itself runs with TESTING settings, so each case starts manage.py in a
subprocess where pytest is not loaded and only the variables under test are set.
"""

import os
import secrets
import sqlite3
import string
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET = "".join(secrets.choice(string.ascii_letters + string.digits + "!@#%^&*(-_=+)") for _ in range(50))


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    # Start from a clean slate: no DJANGO_*, DATABASE_URL, CACHE_URL or RATELIMIT_* from the caller.
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT"}
    base = {key: value for key, value in os.environ.items() if key in keep}
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_refuses_to_start_without_a_secret_key():
    result = run(["manage.py", "check"], DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_refuses_to_start_without_allowed_hosts():
    result = run(["manage.py", "check"], DJANGO_SECRET_KEY=SECRET)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is not set" in result.stderr


def test_refuses_a_malformed_rate_limit():
    result = run(["manage.py", "check"], DJANGO_DEBUG="1", RATELIMIT_REFERRAL="ten per hour")
    assert result.returncode != 0
    assert "RATELIMIT_REFERRAL must look like 30/60" in result.stderr


def test_refuses_to_start_without_an_email_backend():
    """Issue 13, finding 2: the console backend printed working password-reset links to stdout."""
    result = run(["manage.py", "check"], DJANGO_SECRET_KEY=SECRET, DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "EMAIL_BACKEND is not set" in result.stderr and "password-reset links" in result.stderr


def test_the_console_email_backend_may_be_chosen_on_purpose():
    result = run(
        ["manage.py", "shell", "--no-imports", "-c", "from django.conf import settings; print(settings.EMAIL_BACKEND)"],
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="example.org",
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.console.EmailBackend"


def test_debug_keeps_the_console_email_backend_for_make_run():
    result = run(
        ["manage.py", "shell", "--no-imports", "-c", "from django.conf import settings; print(settings.EMAIL_BACKEND)"],
        DJANGO_DEBUG="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.console.EmailBackend"


def test_check_deploy_is_clean_with_production_settings():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="example.org",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr == ""


PROBE = """
import django
django.setup()
import sqlite3, sys
from django.db import connection, transaction
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    print(cursor.fetchone()[0])
    cursor.execute("PRAGMA busy_timeout")
    print(cursor.fetchone()[0])
# IMMEDIATE transactions take the write lock at BEGIN, so a second writer waits its turn
# (busy timeout) instead of failing midway with "database is locked".
with transaction.atomic():
    connection.cursor().execute("SELECT 1")
    other = sqlite3.connect(sys.argv[1], timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        print("unlocked")
    except sqlite3.OperationalError as error:
        print(error)
"""


def test_a_sqlite_file_database_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    db_file = tmp_path / "site.sqlite3"
    result = run(
        ["-c", PROBE, str(db_file)],
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{db_file}",
        PYTHONPATH=str(BASE_DIR),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == ["wal", "20000", "database is locked"]
    # WAL is a property of the file: any later connection sees it.
    assert sqlite3.connect(db_file).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_debug_mode_needs_neither(missing):
    env = {"DJANGO_DEBUG": "1", "DJANGO_SECRET_KEY": SECRET, "DJANGO_ALLOWED_HOSTS": "example.org"}
    del env[missing]
    assert run(["manage.py", "check"], **env).returncode == 0
