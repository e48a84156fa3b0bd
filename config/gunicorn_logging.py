"""gunicorn's access log, through the same redaction as Django's log lines (config/privacy.py).

gunicorn writes its access log itself, past Django's logging filter; its request line,
path and referer carry tracking tokens and password-reset tokens, and its query string
carries search places. Start gunicorn with

    --logger-class config.gunicorn_logging.RedactingLogger

(docs/OPERATIONS.md) and every atom of the access-log format is redacted; the query
string atom (%(q)s) is dropped altogether.
"""

from __future__ import annotations

from gunicorn.glogging import Logger

from config.privacy import redact


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if isinstance(value, str):
                atoms[key] = redact(value)
        atoms["q"] = "-"
        return atoms
