"""The public pages as URLs of the live test server, for the tools that open a browser.

A page a visitor reaches with a plain GET that answers 200 is opened at its own URL; the
others (answers to a POST, 400s, the 404 and the 500) are saved by the test client and
served from /__audit__/<name>/ (tests/checkers/audit_urls.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tests.checkers import audit_urls
from tests.checkers.public_pages import GET_PAGES, load_demo_site, public_pages

NOINDEX_RE = re.compile(r'<meta name="robots" content="[^"]*noindex')


@dataclass(frozen=True)
class AuditPage:
    name: str
    status: int
    url: str
    indexable: bool


def audit_pages(base_url: str) -> list[AuditPage]:
    load_demo_site()
    audit_urls.SAVED.clear()
    pages = []
    for name, status, html in public_pages():
        if name in GET_PAGES and status == 200:
            path = GET_PAGES[name]
        else:
            audit_urls.SAVED[name] = html
            path = f"/__audit__/{name}/"
        indexable = status == 200 and not NOINDEX_RE.search(html)
        pages.append(AuditPage(name, status, base_url + path, indexable))
    return pages


def markdown_table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join("–" if cell is None else str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
