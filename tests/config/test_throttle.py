import pytest

from config import ratelimit
from tests.factories import UserFactory

PASSWORD = "pw-for-tests-only"
LOCKED = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    now = {"t": 9_000_000.0}  # the start of a 15-minute window
    monkeypatch.setattr(ratelimit, "_now", lambda: now["t"])
    return now


@pytest.fixture
def staff(db):
    return UserFactory(username="staff-member", is_staff=True, is_superuser=True)


def admin_login(client, username, password, **extra):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password}, **extra)


def fail_five_times(client, username="staff-member", **extra):
    for _ in range(5):
        response = admin_login(client, username, "wrong-password", **extra)
        assert response.status_code == 200
        assert LOCKED not in response.content.decode()


def test_admin_login_locks_after_five_failures_even_with_the_right_password(client, staff):
    fail_five_times(client)
    response = admin_login(client, "staff-member", PASSWORD)
    assert response.status_code == 200
    assert "try again in 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lock_ends_when_the_window_passes(client, staff, clock):
    fail_five_times(client)
    clock["t"] += 10 * 60
    assert "try again in 5 minutes" in admin_login(client, "staff-member", PASSWORD).content.decode()
    clock["t"] += 5 * 60
    response = admin_login(client, "staff-member", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_four_failures_still_let_the_right_password_in_and_clear_the_count(client, staff):
    for _ in range(4):
        admin_login(client, "staff-member", "wrong-password")
    assert admin_login(client, "staff-member", PASSWORD).status_code == 302
    client.logout()
    # The success cleared the count: four more failures do not lock.
    for _ in range(4):
        admin_login(client, "staff-member", "wrong-password")
    assert admin_login(client, "staff-member", PASSWORD).status_code == 302


def test_lock_is_per_ip_and_username(client, staff):
    UserFactory(username="other-staff", is_staff=True)
    fail_five_times(client, REMOTE_ADDR="10.0.0.1")
    assert admin_login(client, "staff-member", PASSWORD, REMOTE_ADDR="10.0.0.2").status_code == 302
    client.logout()
    assert admin_login(client, "other-staff", PASSWORD, REMOTE_ADDR="10.0.0.1").status_code == 302
    client.logout()
    assert LOCKED in admin_login(client, "staff-member", PASSWORD, REMOTE_ADDR="10.0.0.1").content.decode()


def test_unknown_usernames_are_locked_too(client, db):
    fail_five_times(client, username="nobody")
    assert LOCKED in admin_login(client, "nobody", "anything").content.decode()


def test_accounts_login_is_throttled_and_the_page_says_so(client, db):
    # The site's own registration/login.html: it must show the lock message, not hide it.
    UserFactory(username="referrer")
    for _ in range(5):
        response = client.post("/accounts/login/", {"username": "referrer", "password": "nope"})
        assert response.status_code == 200
        page = response.content.decode()
        assert "Please enter a correct username and password" in page and LOCKED not in page
    response = client.post("/accounts/login/", {"username": "referrer", "password": PASSWORD})
    assert response.status_code == 200
    assert "try again in 15 minutes" in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_accounts_login_shows_field_errors(client, db):
    response = client.post("/accounts/login/", {"username": "", "password": ""})
    page = response.content.decode()
    assert page.count("This field is required.") == 2
    assert 'aria-describedby="id_username_errors"' in page
