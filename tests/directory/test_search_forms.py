"""The search form pieces as plain functions: strict booleans and the raw-input guard."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from directory.search.fields import StrictBooleanField, raw_input_errors


@pytest.mark.parametrize("raw, value", [("true", True), ("1", True), ("TRUE", True), ("false", False), ("0", False)])
def test_strict_boolean_accepts_true_false_one_zero(raw, value):
    assert StrictBooleanField(required=False).clean(raw) is value


@pytest.mark.parametrize("raw", ["", None])
def test_strict_boolean_empty_means_either(raw):
    assert StrictBooleanField(required=False).clean(raw) is None


@pytest.mark.parametrize("raw", ["yes", "no", "on", "2", "-1", "truthy", "t"])
def test_strict_boolean_refuses_anything_else(raw):
    with pytest.raises(ValidationError):
        StrictBooleanField(required=False).clean(raw)


def test_raw_input_errors_name_each_bad_parameter_and_ignore_others():
    data = QueryDict(mutable=True)
    data.update({"near": "303\x0003", "q": "k" * 201, "city": "atlanta-ga", "other": "\x00"})
    data.setlist("condition", ["ptsd"] * 21)
    errors = raw_input_errors(data, ["near", "q", "city", "condition"])
    assert set(errors) == {"near", "q", "condition"}
    assert "NUL" in errors["near"][0] and "200" in errors["q"][0] and "20" in errors["condition"][0]


def test_raw_input_errors_accept_plain_dicts():
    assert raw_input_errors({"q": "fine", "near": ["a", "b\x00"]}, ["q", "near"]) == {
        "near": ["Remove the NUL character from this value."]
    }
