import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from referrals.models import ReferrerApiToken, hash_secret


@pytest.mark.django_db
def test_create_referrer_token_prints_the_key_once_and_stores_its_hash(referrer, capsys):
    call_command("create_referrer_token", referrer.username, "--name", "EHR")
    key = capsys.readouterr().out.strip()
    token = ReferrerApiToken.objects.get()
    assert token.key_hash == hash_secret(key) and token.name == "EHR"


@pytest.mark.django_db
def test_create_referrer_token_refuses_non_referrers(clinic_staff):
    with pytest.raises(CommandError):
        call_command("create_referrer_token", clinic_staff.username)
    with pytest.raises(CommandError):
        call_command("create_referrer_token", "nobody-fictional")
