"""Property tests for the HSDS reader and checker: every dangling reference is reported, nothing
else is, and a file with any problem writes nothing."""

from __future__ import annotations

import uuid

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reintegra.directory.hsds.check import check_tables
from reintegra.directory.hsds.importer import import_document
from reintegra.directory.hsds.reader import read_json_document
from reintegra.directory.models import Provider, Service

ids = st.uuids(version=4).map(str)


@st.composite
def tabular(draw):
    orgs = draw(st.lists(ids, min_size=0, max_size=4, unique=True))
    services, dangling = [], set()
    for sid in draw(st.lists(ids, min_size=1, max_size=6, unique=True)):
        if orgs and draw(st.booleans()):
            org = draw(st.sampled_from(orgs))
        else:
            org = draw(ids.filter(lambda candidate: candidate not in orgs))
            dangling.add((sid, org))
        services.append({"id": sid, "name": "S", "status": "active", "organization_id": org})
    document = {"organizations.csv": [{"id": o, "name": "O", "description": "d"} for o in orgs],
                "services.csv": services}
    return document, dangling


@settings(max_examples=100, deadline=None)
@given(case=tabular())
def test_exactly_the_dangling_references_are_reported(case):
    document, dangling = case
    checked = check_tables(read_json_document(document), lambda table, wanted: set())
    reported = {(p.row_id, p.message.split(" ")[3].rstrip(",")) for p in checked.problems}
    assert reported == dangling


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=tabular())
def test_import_is_all_or_nothing(db, case):
    # Each example starts from the same empty directory: Hypothesis runs every example inside the one
    # test transaction and may reuse an id, so an organisation imported by an earlier example would
    # make a later "dangling" reference resolve.
    try:
        with transaction.atomic():
            _import_all_or_nothing(*case)
            raise _Undo
    except _Undo:
        pass


class _Undo(Exception):
    pass


def _import_all_or_nothing(document, dangling):
    before = (Service.objects.count(), Provider.objects.count())
    report = import_document(document)
    if dangling:
        assert not report.ok and (Service.objects.count(), Provider.objects.count()) == before
    else:
        assert report.ok and Service.objects.filter(pk__in=[uuid.UUID(s["id"]) for s in
                                                            document["services.csv"]]).count() == len(
            document["services.csv"])


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=30), number=st.one_of(st.integers(), st.floats(allow_nan=False), st.text(max_size=5)))
def test_reader_never_crashes_on_odd_values(text, number):
    document = [{"id": str(uuid.uuid4()), "name": text, "status": text, "minimum_age": number, "email": text}]
    checked = check_tables(read_json_document(document), lambda table, wanted: set())
    assert isinstance(checked.problems, list)
