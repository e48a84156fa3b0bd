"""Validate HSDS API answers against the official HSDS 3.0 OpenAPI and JSON schemas (laid out in hsds_spec/).

The specification's files are not committed (see hsds_spec/README.md): without them a
validation skips, or fails with REQUIRE_HSDS_SCHEMA=1.

The OpenAPI's response schemas refer to the compiled schemas by their raw.githubusercontent
URLs; a `referencing` registry maps those URLs to the vendored files, so nothing is fetched.
Formats (uuid, email, ...) are checked with jsonschema's format checker.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC = Path(os.environ.get("HSDS_SPEC_DIR") or Path(__file__).parent / "hsds_spec")
RAW = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
OPENAPI_URI = "urn:hsds-3.0:openapi.json"


def _load(path: Path) -> Any:
    if path.suffix == ".gz":
        return json.loads(gzip.decompress(path.read_bytes()))
    return json.loads(path.read_text())


def openapi() -> dict:
    if not (SPEC / "openapi.json").is_file():
        message = f"the official HSDS 3.0 OpenAPI is not in {SPEC} (see tests/interop/hsds_spec/README.md)"
        if os.environ.get("REQUIRE_HSDS_SCHEMA") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return _load(SPEC / "openapi.json")


@functools.cache
def registry() -> Registry:
    resources = [(OPENAPI_URI, Resource.from_contents(openapi(), default_specification=DRAFT202012))]
    for path in sorted((SPEC / "schema").glob("*.json")):
        resources.append((RAW + path.name, Resource.from_contents(_load(path), default_specification=DRAFT202012)))
    for path in sorted((SPEC / "schema" / "compiled").glob("*.json*")):
        name = path.name.removesuffix(".gz")
        resources.append(
            (RAW + "compiled/" + name, Resource.from_contents(_load(path), default_specification=DRAFT202012))
        )
    return Registry().with_resources(resources)


@functools.cache
def _validator(ref: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": ref}, registry=registry(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(ref: str, payload: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in _validator(ref).iter_errors(payload)
    ]


def response_schema_ref(path_template: str) -> str:
    escaped = path_template.replace("~", "~0").replace("/", "~1")
    return f"{OPENAPI_URI}#/paths/{escaped}/get/responses/200/content/application~1json/schema"


def openapi_errors(path_template: str, payload: Any) -> list[str]:
    """Errors of `payload` against the official OpenAPI's 200 response of GET `path_template`."""
    return _errors(response_schema_ref(path_template), payload)


def schema_errors(name: str, payload: Any) -> list[str]:
    """Errors against one official schema file, e.g. 'location.json' or 'compiled/service_at_location.json'."""
    return _errors(RAW + name, payload)
