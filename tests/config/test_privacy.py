import io
import json
import logging
import sys

import pytest
from django.conf import settings as django_settings

from config.privacy import RedactPatientDataFilter, redact


def record(msg, *args, exc_info=None, name="referrals"):
    return logging.LogRecord(name, logging.INFO, __file__, 1, msg, args, exc_info)


def filtered_message(msg, *args, **kwargs) -> str:
    rec = record(msg, *args, **kwargs)
    assert RedactPatientDataFilter().filter(rec) is True
    return rec.getMessage()


@pytest.mark.parametrize(
    "text",
    [
        "Referral for jane.roe@example.org created",
        "contact JANE+kcf@Example.Org please",
        "posted email=jane%40example.org",
    ],
)
def test_email_addresses_are_removed(text):
    assert "example" not in redact(text).lower()


@pytest.mark.parametrize(
    "phone", ["(404) 555-0123", "404-555-0123", "404.555.0123", "+1 404 555 0123", "4045550123", "555-0123"]
)
def test_phone_numbers_are_removed(phone):
    assert redact(f"call {phone} today") == "call [phone] today"


@pytest.mark.parametrize(
    "line",
    [
        '"GET /clinics/ HTTP/1.1" 200 5123',
        "[15/Jan/2026 12:30:45] 2026-01-15",
        "127.0.0.1:8000 lat 33.7525 lng -84.3888",
        "referral 550e8400-e29b-41d4-a716-446655440000 took 1234.5678 ms",
        "clinic_name=Calm Clinic patient_id=7",
    ],
)
def test_ordinary_log_text_is_left_alone(line):
    assert redact(line) == line


def test_patient_fields_are_redacted_in_key_value_text():
    text = "first_name=Jane last_name='Roe' note=\"feels low\" clinic=calm-clinic patient_id=7"
    assert (
        redact(text)
        == "first_name=[redacted] last_name='[redacted]' note=\"[redacted]\" clinic=calm-clinic patient_id=7"
    )


def test_patient_fields_are_redacted_in_json_and_dict_reprs():
    body = json.dumps(
        {
            "clinic": "calm-clinic",
            "patient": {"first_name": "Jane", "email": "jane@example.org"},
            "answers": {"age": 34, "conditions": ["depression"], "psychosis_history": False},
            "note": 'Brother says "she\'s {not} ok"',
            "consent": True,
        }
    )
    redacted = redact(body)
    assert json.loads(redacted) == {
        "clinic": "calm-clinic",
        "patient": "[redacted]",
        "answers": "[redacted]",
        "note": "[redacted]",
        "consent": True,
    }
    as_repr = redact(str({"last_name": "Roe", "phone": "404-555-0123", "status": "sent"}))
    assert as_repr == "{'last_name': '[redacted]', 'phone': '[redacted]', 'status': 'sent'}"


def test_form_bodies_are_redacted():
    assert redact("first_name=Jane&last_name=Roe&clinic=x") == "first_name=[redacted]&last_name=[redacted]&clinic=x"


def test_query_strings_are_stripped_from_paths_and_urls():
    assert redact('"GET /prescreen/?age=34&near=30303 HTTP/1.1" 200 10') == '"GET /prescreen/ HTTP/1.1" 200 10'
    assert redact("Not Found: https://example.org/clinics/?q=jane") == "Not Found: https://example.org/clinics/"


def test_filter_formats_arguments_then_redacts():
    assert filtered_message("Referral %s for %s", 12, "jane@example.org") == "Referral 12 for [email]"
    assert filtered_message("payload %r", {"email": "x@example.org"}) == "payload {'email': '[redacted]'}"


def test_filter_redacts_the_traceback():
    try:
        raise ValueError("duplicate key (email)=(jane@example.org)")
    except ValueError:
        rec = record("failed", exc_info=sys.exc_info())
    RedactPatientDataFilter().filter(rec)
    text = logging.Formatter().format(rec)
    assert "jane@example.org" not in text
    assert "ValueError" in text


def test_every_configured_handler_has_the_filter():
    handlers = django_settings.LOGGING["handlers"]
    assert handlers
    for name, handler in handlers.items():
        assert "redact_patient_data" in handler.get("filters", []), name


@pytest.mark.django_db
def test_request_warnings_carry_no_query_string_or_patient_data(client, site_log):
    client.get("/api/no-such-endpoint/?email=jane@example.org&phone=4045550123")
    client.post("/admin/login/?next=/admin/", {"username": "jane.roe@example.org", "password": "x" * 5})
    logging.getLogger("referrals.workflow").warning("Could not send to jane.roe@example.org (first_name=Jane)")
    output = site_log.getvalue()
    assert "Not Found: /api/no-such-endpoint/" in output
    assert "Could not send to [email] (first_name=[redacted])" in output
    assert "jane" not in output.lower()
    assert "4045550123" not in output
    assert "?" not in output


# --- Issue 13, finding 5: secrets in paths ------------------------------------------------

TOKEN = "q3Zk9-Xw_4bT1vR7yLmN2pQs8uEoA6cFhJdGiK0lBnM"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f'"GET /referrals/track/{TOKEN}/ HTTP/1.1" 200', '"GET /referrals/track/[token]/ HTTP/1.1" 200'),
        (f"https://example.org/referrals/track/{TOKEN}/", "https://example.org/referrals/track/[token]/"),
        (f"Not Found: /referrals/track/{TOKEN}", "Not Found: /referrals/track/[token]"),
        (f"/referrals/track/{TOKEN}%2Fx/", "/referrals/track/[token]/"),
        (
            f'"POST /referrals/track/{TOKEN}/messages/ HTTP/1.1" 302',
            '"POST /referrals/track/[token]/messages/ HTTP/1.1" 302',
        ),
        ("/accounts/reset/MQ/cx1abc-0123456789abcdef0123456789abcdef/", "/accounts/reset/[token]/"),
        ("/accounts/reset/MQ/set-password/", "/accounts/reset/[token]/set-password/"),
    ],
)
def test_tracking_and_reset_tokens_are_removed_from_paths(text, expected):
    assert redact(text) == expected


@pytest.mark.django_db
def test_a_tracking_page_request_leaves_no_token_in_the_log(client, site_log):
    client.get(f"/referrals/track/{TOKEN}/")  # unknown token: a 404 the request logger reports
    output = site_log.getvalue()
    assert "Not Found: /referrals/track/[token]/" in output
    assert TOKEN not in output


def test_gunicorns_access_log_is_redacted_with_the_documented_format():
    """The format and logger class of docs/OPERATIONS.md, fed a request line with every secret."""
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config

    from config.gunicorn_logging import RedactingLogger

    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)s "%(r)s" "%(f)s" %(q)s')
    logger = RedactingLogger(config)
    stream = io.StringIO()
    for handler in logger.access_log.handlers:
        handler.setStream(stream)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/referrals/track/{TOKEN}/?near=30303",
        "PATH_INFO": f"/referrals/track/{TOKEN}/",
        "QUERY_STRING": "email=jane@example.org",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://example.org/accounts/reset/MQ/{TOKEN}/",
        "REMOTE_ADDR": "127.0.0.1",
    }
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    logger.access(response, request, environ, timedelta(milliseconds=12))
    line = stream.getvalue()
    assert '"GET /referrals/track/[token]/" 200 512' in line
    assert TOKEN not in line and "30303" not in line and "jane" not in line
