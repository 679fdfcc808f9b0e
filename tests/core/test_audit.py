"""The audit trail: reads and writes are recorded, the chain detects tampering, rows cannot change."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from reintegra.core import audit
from reintegra.core.db_guards import install_audit_triggers, remove_audit_triggers
from reintegra.core.models import AuditEvent, Role

from ..conftest import PASSWORD


@pytest.fixture
def some_events(org, case_manager, make_case):
    make_case(org, case_manager)
    make_case(org, case_manager, given_name="Rina")
    audit.record(audit.Action.EXPORT, actor=case_manager, organization=org, object_type="report",
                 detail={"rows": 2})
    return AuditEvent.objects.order_by("id")


def _raw_update(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def triggers_dropped():
    """The tamper tests play an attacker with database rights who first drops the guard triggers
    (the drop is rolled back with the test's transaction on PostgreSQL and SQLite alike)."""
    remove_audit_triggers(connection)


@pytest.mark.django_db
def test_intact_chain_verifies(some_events):
    report = audit.verify_chain()
    assert report.ok and report.checked == some_events.count() >= 5


@pytest.mark.django_db
@pytest.mark.parametrize("column, value", [("reason", "nothing to see"), ("actor_label", "someone-else"),
                                           ("object_id", "12345")])
def test_edited_entry_is_detected(triggers_dropped, some_events, column, value):
    victim = some_events[2]
    _raw_update(f"UPDATE core_auditevent SET {column} = %s WHERE id = %s", [value, victim.id])  # noqa: S608
    report = audit.verify_chain()
    assert not report.ok and report.first_bad_id == victim.id
    with pytest.raises(CommandError, match="BROKEN"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_deleted_entry_is_detected(triggers_dropped, some_events):
    victim = some_events[1]
    _raw_update("DELETE FROM core_auditevent WHERE id = %s", [victim.id])
    report = audit.verify_chain()
    assert not report.ok and report.first_bad_id == some_events[1].id


@pytest.mark.django_db
def test_truncated_tail_is_detected(triggers_dropped, some_events):
    _raw_update("DELETE FROM core_auditevent WHERE id = %s", [some_events.last().id])
    assert not audit.verify_chain().ok


@pytest.mark.django_db
def test_database_refuses_update_and_delete(some_events):
    install_audit_triggers(connection)  # installed by migration; off on SQLite test runs (see tests/settings.py)
    first = some_events.first()
    for sql in ("UPDATE core_auditevent SET reason = 'x' WHERE id = %s", "DELETE FROM core_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            _raw_update(sql, [first.id])
    assert audit.verify_chain().ok


@pytest.mark.django_db
def test_case_read_and_identity_read_are_audited(client, org, case_manager, make_case):
    case = make_case(org, case_manager)
    client.login(username="cm", password=PASSWORD)
    client.get(reverse("cases:detail", args=[case.pk]))
    reads = AuditEvent.objects.filter(action="read", actor=case_manager)
    assert reads.filter(object_type="cases.case", object_id=str(case.pk)).exists()
    assert reads.filter(object_type="people.survivor", object_id=str(case.survivor_id)).exists()
    event = reads.first()
    assert event.ip_address == "127.0.0.1" and event.organization_id == org.id


@pytest.mark.django_db
def test_search_audit_never_stores_the_searched_name(client, org, case_manager, make_case):
    make_case(org, case_manager)
    client.login(username="cm", password=PASSWORD)
    client.post(reverse("cases:list"), {"q": "Maya Tamang"})
    search = AuditEvent.objects.get(action="search")
    assert search.detail == {"kind": "name"}
    assert "Maya" not in str(search.detail) + search.reason


@pytest.mark.django_db
def test_logins_are_audited_success_and_failure(client, case_manager):
    client.post(reverse("core:login"), {"username": "cm", "password": "wrong-password"})
    client.post(reverse("core:login"), {"username": "cm", "password": PASSWORD})
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "actor_label"))
    assert ("login_failed", "cm") in actions and ("login", "cm") in actions


@pytest.mark.django_db
def test_admin_sees_own_organisation_events_only(client, make_org, make_member, make_case, org, case_manager):
    make_case(org, case_manager)
    other = make_org(name="Elsewhere")
    other_manager = make_member(other, Role.CASE_MANAGER)
    make_case(other, other_manager, given_name="Other")
    make_member(org, Role.ORG_ADMIN, username="admin")
    client.login(username="admin", password=PASSWORD)
    page = client.get(reverse("core:audit"))
    orgs_shown = {e.organization_id for e in page.context["page"].object_list} - {None}
    assert orgs_shown == {org.id}
    api = client.get("/api/v1/audit/").json()
    assert api["count"] >= 1 and {row["organization"] for row in api["results"]} - {None} == {org.id}


@pytest.mark.django_db
def test_break_glass_is_recorded_with_reason_and_shown_to_admin(client, make_member, org, case_manager, make_case):
    case = make_case(org, case_manager)
    make_member(org, Role.CASE_MANAGER, username="colleague")
    make_member(org, Role.ORG_ADMIN, username="admin")
    client.login(username="colleague", password=PASSWORD)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    short = client.post(reverse("cases:break_glass", args=[case.pk]), {"reason": "need it"})
    assert short.status_code == 400
    reason = "Survivor in danger at night; their case manager is unreachable"
    client.post(reverse("cases:break_glass", args=[case.pk]), {"reason": reason})
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    client.logout()
    client.login(username="admin", password=PASSWORD)
    page = client.get(reverse("core:audit"), {"action": "break_glass"}).content.decode()
    assert reason in page and "colleague" in page
