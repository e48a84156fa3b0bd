"""A tiny .po reader for the catalogue tests: (context, msgid, msgid_plural) → [msgstr…] and flags."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

PO_PATH = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$')


@dataclass
class Entry:
    context: str | None = None
    msgid: str = ""
    plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> str:
        """The key gettext uses: "context\\x04msgid" with a context."""
        return f"{self.context}\x04{self.msgid}" if self.context is not None else self.msgid


def _text(quoted: str) -> str:
    return ast.literal_eval(quoted)  # C-style escapes in a double-quoted string read the same in Python


def read_po(path: Path = PO_PATH) -> list[Entry]:
    entries, entry, last = [], Entry(), None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if last is not None:
                entries.append(entry)
            entry, last = Entry(), None
            continue
        if line.startswith("#~"):
            entry.obsolete = True
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := LINE.match(line):
            keyword, value = match.group(1), _text(match.group(2))
            if keyword == "msgctxt":
                entry.context, last = value, "context"
            elif keyword == "msgid":
                entry.msgid, last = value, "msgid"
            elif keyword == "msgid_plural":
                entry.plural, last = value, "plural"
            else:
                entry.msgstr.append(value)
                last = "msgstr"
        elif line.startswith('"'):
            value = _text(line)
            if last == "msgstr":
                entry.msgstr[-1] += value
            elif last == "context":
                entry.context += value
            elif last == "plural":
                entry.plural += value
            else:
                entry.msgid += value
        else:
            raise ValueError(f"unexpected line in {path.name}: {raw!r}")
    return entries


def messages(path: Path = PO_PATH) -> list[Entry]:
    """Every live message (not the header, not obsolete ones)."""
    return [entry for entry in read_po(path) if entry.msgid and not entry.obsolete]
