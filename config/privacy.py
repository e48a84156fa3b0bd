"""Keep patient details out of the logs.

RedactPatientDataFilter sits on every handler in settings.LOGGING. It formats each
record's message once, then removes:
- the value after any patient field name ("first_name=Jane", "email: x", JSON or dict
  keys like "answers": {...}, form bodies "phone=555…&note=…"),
- e-mail addresses and phone numbers anywhere in the text,
- query strings from URLs and request paths (search places and form values travel there),
- the secrets that travel in paths: a referral's tracking token (/referrals/track/<token>/,
  which shows the referral's status to whoever holds it) and a password-reset link's
  token (/accounts/reset/<uid>/<token>/, an account takeover),
and does the same to the traceback text. Redaction happens on the handler, not the
logger, because handler filters also see records propagated from child loggers.
"""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"
PATIENT_FIELDS = ("first_name", "last_name", "email", "phone", "answers", "notes", "note", "patient")

# A patient field name, bare or quoted, optionally prefixed ("patient_email"), then = or :.
_FIELD = re.compile(
    r"(?<![\w])(?P<quote>[\"']?)(?:\w+_)?(?:" + "|".join(PATIENT_FIELDS) + r")(?P=quote)\s*[:=]\s*",
    re.IGNORECASE,
)
# Every pattern starts only at the start of a run of the characters it consumes (the
# lookbehinds): otherwise each position inside a long run is tried and rescans the rest,
# and a 120,000-character 404 path took minutes to log (found by tests/security fuzzing).
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?<![\w-])(?:"
    r"(?:\+?1[\s.-]?)?\(\d{3}\)\s?\d{3}[\s.-]\d{4}"  # (404) 555-0100
    r"|(?:\+?1[\s.-])?\d{3}([\s.-])\d{3}\1\d{4}"  # 404-555-0100, +1 404.555.0100
    r"|\d{3}-\d{4}"  # 555-0100
    r"|\+?1?\d{10}"  # 4045550100
    r")(?![\w-])"
)
# A path or URL followed by a query string; keep the path only. The match starts where the
# run of path characters starts (so "https:" or "clinics" before the first "/" is kept).
_QUERY = re.compile(r"(?<![^\s?#\"'])(?P<path>[^\s?#\"'/]*/[^\s?#\"']*)\?[^\s\"'#]*")

# A secret in a path: the segment after /referrals/track/, or the two after /accounts/reset/
# (uid and token; "set-password" is Django's own placeholder and harmless). Percent-encoded
# slashes count as slashes, so "%2F" cannot smuggle the token past.
# What follows the token (/messages/, /reroute/) stays, so a log still says which page was asked.
_PATH_SECRET = re.compile(
    r"(?P<track>/referrals/track/)[^\s/?#\"']+"
    r"|(?P<reset>/accounts/reset/)[^\s/?#\"']+(?:/(?!set-password\b)[^\s/?#\"']+)?",
    re.IGNORECASE,
)

_CLOSERS = {"{": "}", "[": "]", "(": ")"}
_VALUE_END = set(" \t\r\n,;&)}]")


def _value_end(text: str, start: int) -> int:
    """End index of the value starting at start: a bracketed block, a quoted string, or a word."""
    if start >= len(text):
        return start
    first = text[start]
    if first in _CLOSERS:
        depth, quote, index = 0, "", start
        while index < len(text):
            char = text[index]
            if quote:
                if char == "\\":
                    index += 1
                elif char == quote:
                    quote = ""
            elif char in "\"'":
                quote = char
            elif char in _CLOSERS:
                depth += 1
            elif char in _CLOSERS.values():
                depth -= 1
                if depth == 0:
                    return index + 1
            index += 1
        return len(text)
    if first in "\"'":
        index = start + 1
        while index < len(text):
            if text[index] == "\\":
                index += 2
                continue
            if text[index] == first:
                return index + 1
            index += 1
        return len(text)
    index = start
    while index < len(text) and text[index] not in _VALUE_END:
        index += 1
    return index


def _redact_fields(text: str) -> str:
    parts, position = [], 0
    for match in _FIELD.finditer(text):
        if match.start() < position:  # inside a value already redacted
            continue
        end = _value_end(text, match.end())
        value = text[match.end() : end]
        # Keep quotes so a redacted JSON document or dict repr still reads as one.
        quote = match.group("quote") or (value[0] if value[:1] in ("'", '"') else "")
        parts.append(text[position : match.end()])
        parts.append(f"{quote}{REDACTED}{quote}" if end > match.end() else REDACTED)
        position = end
    parts.append(text[position:])
    return "".join(parts)


def redact_path_secrets(text: str) -> str:
    return _PATH_SECRET.sub(lambda m: (m["track"] or m["reset"]) + "[token]", text)


def redact(text: str) -> str:
    """Text with patient fields, e-mail addresses, phone numbers, path secrets and query strings removed."""
    text = redact_path_secrets(text)
    text = _redact_fields(text)
    text = _EMAIL.sub("[email]", text)
    text = _PHONE.sub("[phone]", text)
    return _QUERY.sub(r"\g<path>", text)


class RedactPatientDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not leak its arguments
            message = str(record.msg)
        record.msg = redact(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
