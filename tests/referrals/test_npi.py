import pytest
from django.core.exceptions import ValidationError

from referrals.models import ReferrerProfile
from referrals.npi import is_valid_npi, validate_npi


@pytest.mark.parametrize("npi", ["1234567893", "1245319599", "1003000126"])
def test_valid_npis(npi):
    assert is_valid_npi(npi)


@pytest.mark.parametrize("npi", ["1234567890", "123456789", "12345678931", "abcdefghij", "１２３４５６７８９３", ""])
def test_invalid_npis(npi):
    assert not is_valid_npi(npi)
    with pytest.raises(ValidationError):
        validate_npi(npi)


def test_profile_validates_npi(referrer):
    profile = ReferrerProfile(user=referrer, npi="1234567890", organization="Imaginary Family Practice")
    with pytest.raises(ValidationError) as caught:
        profile.full_clean()
    assert "npi" in caught.value.message_dict
    profile.npi = "1234567893"
    profile.full_clean()
