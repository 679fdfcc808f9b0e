"""Schema-driven fuzzing of the whole REST API: whatever schemathesis sends, the answer is never a 5xx.

Runs in-process through WSGI against a small world (an organisation, a supervisor with a token,
one case), so that path ids sometimes exist and sometimes do not. Every operation of the OpenAPI
schema is exercised; all failures are reported together.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token

from reintegra.core.models import Role
from reintegra.wsgi import application

EXAMPLES_PER_OPERATION = 3


@pytest.fixture
def token(make_org, make_member, make_case):
    home = make_org(name="Fuzz NGO")
    supervisor = make_member(home, Role.SUPERVISOR, username="fuzzer")
    make_member(home, Role.CASE_MANAGER, user=supervisor)
    make_case(home, supervisor)
    return Token.objects.create(user=supervisor).key


@pytest.fixture
def keep_test_connection():
    """Requests through WSGI end by closing "old" connections, which on PostgreSQL closes the test's
    own transaction; Django's test client switches this off the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("keep_test_connection")
def test_api_never_answers_5xx(token):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20
    failures: list[str] = []

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def exercise(case):
            response = case.call(headers={"Authorization": f"Token {token}"})
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}")

        exercise()
    assert not failures, "\n".join(sorted(set(failures)))
