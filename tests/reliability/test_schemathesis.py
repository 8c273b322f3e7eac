"""Property-based contract tests: schemathesis generates requests from openapi.json."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from service.api.app import create_app
from service.settings import Settings

pytestmark = pytest.mark.slow  # every test here starts a process or loads the pipeline

# On a parser thread like the other in-process tests (one process, no parser to spawn).
SETTINGS = Settings(_env_file=None, redis_url=None, api_keys=[], parse_in_process=True)  # type: ignore[call-arg]
APP = create_app(SETTINGS)
# The app serves the committed openapi.json (tests/infra checks they match); schemathesis starts
# the lifespan once and calls the app in-process.
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:
    case.call_and_validate()
