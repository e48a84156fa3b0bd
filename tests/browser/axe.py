"""axe-core in the page under test: no violation of any impact may remain.

axe.min.js is vendored from the npm registry (tests/browser/vendor/README.md) and
served by the test on the site's own origin (pages.ExternalRequests), so it runs
under the page's real Content-Security-Policy.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.browser.pages import ExternalRequests

FAILING_IMPACTS = ("minor", "moderate", "serious", "critical")  # any impact fails
# axe's default set: WCAG 2.0/2.1/2.2 A and AA (color-contrast among them) plus best practices.
RUN_OPTIONS = {"resultTypes": ["violations"]}


def run_axe(page, *, expand_details: bool = True) -> list[dict]:
    """All violations on the page as it is now. Closed <details> are opened first so their content is checked."""
    if expand_details:
        page.eval_on_selector_all("details", "els => els.forEach(e => { e.open = true; })")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        origin = page.evaluate("() => location.origin")
        page.add_script_tag(url=origin + ExternalRequests.AXE_PATH)
    results = page.evaluate("options => axe.run(document, options)", RUN_OPTIONS)
    return results["violations"]


class AxeReport:
    """Collects every page's violations; writes artifacts/axe/<viewport>.json for people to read."""

    def __init__(self, folder: Path, viewport_name: str):
        self.path = folder / f"{viewport_name}.json"
        self.pages: dict[str, list[dict]] = {}

    def check(self, page, name: str) -> None:
        violations = run_axe(page)
        self.pages[name] = [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "targets": [n["target"] for n in v["nodes"]],
                "summary": [n.get("failureSummary", "") for n in v["nodes"][:3]],
            }
            for v in violations
        ]

    def failures(self) -> dict[str, list[str]]:
        failing = {
            name: [
                f"{v['impact']}: {v['id']} ({v['help']}) at {v['targets'][:5]}"
                for v in found
                if v["impact"] in FAILING_IMPACTS
            ]
            for name, found in self.pages.items()
        }
        return {name: found for name, found in failing.items() if found}

    def write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.pages, indent=2))
