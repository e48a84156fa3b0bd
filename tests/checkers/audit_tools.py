"""pa11y and Lighthouse, from .tools/ (where .ci/run installs them from npm), on Debian's Chromium.

Each tool runs once per page and leaves its report in artifacts/audits/: pa11y a JSON list of
issues and a screenshot, Lighthouse its HTML and JSON reports (with the page's screenshots).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

BIN = Path(settings.BASE_DIR) / ".tools" / "node_modules" / ".bin"
INSTALL = "npm install --prefix .tools pa11y lighthouse (.ci/run does it)"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


def missing(tool: str) -> str | None:
    """Why `tool` cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "Node.js is not installed (apt-get install nodejs npm)"
    if not (BIN / tool).exists():
        return f"{tool} is not installed ({INSTALL})"
    if chromium() is None:
        return "Chromium is not installed (apt-get install chromium)"
    return None


def pa11y(url: str, out: Path) -> list[str]:
    """pa11y's errors on the page, WCAG 2 AA, with its HTML_CodeSniffer and axe runners."""
    config = {
        "standard": "WCAG2AA",
        "runners": ["htmlcs", "axe"],
        "timeout": 60_000,
        "wait": 1_000,  # the map draws itself once on screen
        "chromeLaunchConfig": {"executablePath": chromium(), "args": CHROME_FLAGS},
    }
    config_path = out.with_suffix(".config.json")
    config_path.write_text(json.dumps(config))
    done = subprocess.run(
        [BIN / "pa11y", "--config", config_path, "--reporter", "json", "--screen-capture", f"{out}.png", url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    config_path.unlink()
    if done.returncode not in (0, 2):  # 2: it ran and found issues
        return [f"pa11y failed ({done.returncode}): {done.stderr.strip()[-500:]}"]
    issues = json.loads(done.stdout or "[]")
    out.with_suffix(".json").write_text(json.dumps(issues, indent=2))
    return [
        f"{issue['runner']} {issue['code']}: {issue['message'][:160]} at {issue['selector']}"
        for issue in issues
        if issue["type"] == "error"
    ]


def lighthouse(url: str, out: Path) -> tuple[dict[str, int | None], list[str]]:
    """Lighthouse's mobile scores (0-100) per category, and the audits that cost points."""
    done = subprocess.run(
        [
            BIN / "lighthouse",
            url,
            "--quiet",
            f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
            "--output=json",
            "--output=html",
            f"--output-path={out}",
            f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env=os.environ | {"CHROME_PATH": chromium()},
    )
    report_path = out.with_suffix(".report.json")
    if not report_path.exists():
        return dict.fromkeys(LIGHTHOUSE_CATEGORIES), [f"Lighthouse failed ({done.returncode}): {done.stderr[-500:]}"]
    report = json.loads(report_path.read_text())
    if error := report.get("runtimeError"):
        return dict.fromkeys(LIGHTHOUSE_CATEGORIES), [f"Lighthouse: {error['message']}"]
    scores = {key: _percent(category["score"]) for key, category in report["categories"].items()}
    return scores, _costly_audits(report)


def _percent(score: float | None) -> int | None:
    return None if score is None else round(score * 100)


def _costly_audits(report: dict) -> list[str]:
    found = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                shown = audit.get("displayValue") or ""
                found.append(f"{category['id']}: {ref['id']} {audit['score']:.2f} {shown}".strip())
    return found
