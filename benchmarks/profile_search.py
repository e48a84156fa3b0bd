"""Where a search's CPU goes: cProfile around repeated in-process requests.

    DATABASE_URL=sqlite:///benchmarks/out/bench-10000.sqlite3 \
        .venv/bin/python benchmarks/profile_search.py --path '/api/clinics/?near=10001' --runs 200

Each run is a fresh request through the Django test client (middleware, view, template or
JSON), with production settings otherwise. `--new` adds a radius never asked before to each
request, so no cached answer serves it. Prints the mean time per request and the top
functions by cumulative and by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "profile-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("RATELIMIT_ENABLED", "0")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--path", default="/api/clinics/?near=10001")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--new", action="store_true", help="a radius new to every request (nothing cached)")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    client = Client()

    def path(n: int) -> str:
        return f"{args.path}&radius={10 + n / 1000:.3f}" if args.new else args.path

    assert client.get(path(args.runs + 1)).status_code == 200  # warm: imports, caches, connection
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for n in range(args.runs):
        client.get(path(n))
    profile.disable()
    elapsed = time.perf_counter() - started
    print(f"{args.path} {'(new queries)' if args.new else '(repeated)'}: {elapsed / args.runs * 1000:.2f} ms a request")
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profile, stream=out).strip_dirs().sort_stats(order).print_stats(args.top)
        print(out.getvalue())


if __name__ == "__main__":
    main()
