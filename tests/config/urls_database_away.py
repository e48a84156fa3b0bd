"""Test-only views that fail as they would with the database away (tests/config/test_database_away.py)."""

from django.db import InterfaceError, OperationalError
from django.urls import path


def database_gone(request):
    raise OperationalError("server closed the connection unexpectedly")


def connection_closed(request):
    raise InterfaceError("connection already closed")


def a_bug(request):
    raise ValueError("not an outage")


urlpatterns = [
    path("api/gone/", database_gone),
    path("gone/", database_gone),
    path("closed/", connection_closed),
    path("bug/", a_bug),
]
handler500 = "directory.views.errors.server_error"
