"""National Provider Identifier check digit (CMS): Luhn over the prefix 80840 plus the first 9 digits."""

from __future__ import annotations

from django.core.exceptions import ValidationError

NPI_PREFIX = "80840"


def luhn_check_digit(digits: str) -> int:
    """The digit that makes `digits` + it pass the Luhn check."""
    total = 0
    # Double every second digit counting from the right end of `digits` (the check digit goes after it).
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10


def is_valid_npi(value: str) -> bool:
    if len(value) != 10 or not value.isascii() or not value.isdigit():
        return False
    return luhn_check_digit(NPI_PREFIX + value[:9]) == int(value[9])


def validate_npi(value: str) -> None:
    if not is_valid_npi(value):
        raise ValidationError("Enter a valid 10-digit NPI (the last digit is a check digit).", code="invalid_npi")
