"""Free text in the person's words is stored sealed, and the data migrations seal rows written
in clear before (and open them again when migrating back)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reintegra.skills import services as skills_services
from reintegra.skills.models import CodedItem, RplRecord, SkillsProfile
from reintegra.training import services as training_services
from reintegra.training.models import Attendance, Enrolment

BEFORE = [("skills", "0001_initial"), ("training", "0002_programme_service_enrolment_referral")]
AFTER = [("skills", "0002_encrypt_free_text"), ("training", "0004_enrolment_dropout_category")]


def _raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_new_rows_are_sealed_and_read_back(world, programme):
    profile = skills_services.profile_save(actor=world.counsellor, case=world.case,
                                           work_experience="Sewed for Mr Rana in Birgunj",
                                           interests="Own tailoring shop", constraints="Daughter, 4")
    item = skills_services.coded_item_confirm(actor=world.counsellor, case=world.case, kind="occupation",
                                              code="7531", source_text="Rana's workshop")
    rpl = skills_services.rpl_start(actor=world.counsellor, case=world.case, subject="Sewing", on=world.today)
    skills_services.rpl_advance(actor=world.counsellor, record=rpl, stage="identification", on=world.today,
                                evidence="Photos from Rana's workshop", gaps="Pattern cutting")
    enrolment = training_services.enrol_case(actor=world.manager, case=world.case, programme=programme)
    attendance = training_services.attendance_record(actor=world.trainer, enrolment=enrolment, on=world.today,
                                                     present=False, note="Stayed with Rana's family")
    training_services.enrolment_set_status(actor=world.trainer, enrolment=enrolment, status="dropped_out",
                                           on=world.today, category="moved", reason="Moved back to Birgunj")
    sealed = [("skills_skillsprofile", c, profile.pk) for c in ("work_experience", "interests", "constraints")]
    sealed += [("skills_codeditem", "source_text", item.pk), ("skills_rplrecord", "evidence", rpl.pk),
               ("skills_rplrecord", "gaps", rpl.pk), ("training_enrolment", "dropout_reason", enrolment.pk),
               ("training_attendance", "note", attendance.pk)]
    for table, column, pk in sealed:
        value = _raw(table, column, pk)
        assert value.startswith("v1.") and "Rana" not in value and "Birgunj" not in value, (table, column)
    assert SkillsProfile.objects.get().work_experience == "Sewed for Mr Rana in Birgunj"
    assert CodedItem.objects.get().source_text == "Rana's workshop"
    assert RplRecord.objects.get().gaps == "Pattern cutting"
    assert Enrolment.objects.get().dropout_reason == "Moved back to Birgunj"
    assert Attendance.objects.get().note == "Stayed with Rana's family"


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_migration_seals_clear_rows_and_migrating_back_opens_them():
    old = _migrate(BEFORE)
    try:
        org = old.get_model("core", "Organization").objects.create(name="Shelter skills migration")
        survivor = old.get_model("people", "Survivor").objects.create(organization=org, code="S-SKIL-0001")
        case = old.get_model("cases", "Case").objects.create(organization=org, survivor=survivor)
        profile = old.get_model("skills", "SkillsProfile").objects.create(
            organization=org, case=case, work_experience="Brick kiln near Rana's farm", interests="", constraints="")
        item = old.get_model("skills", "CodedItem").objects.create(
            organization=org, profile=profile, kind="occupation", code="7531", label="Tailors",
            source_text="kiln work")
        rpl = old.get_model("skills", "RplRecord").objects.create(organization=org, profile=profile,
                                                                   subject="Brick making", evidence="Letter from Rana")
        programme = old.get_model("training", "Programme").objects.create(organization=org, name="Masonry",
                                                                           kind="vocational")
        enrolment = old.get_model("training", "Enrolment").objects.create(
            organization=org, programme=programme, case=case, case_organization=org, status="dropped_out",
            dropout_reason="Went home to Rana's village", dropped_out_on=dt.date(2026, 5, 1))
        attendance = old.get_model("training", "Attendance").objects.create(
            organization=org, enrolment=enrolment, on=dt.date(2026, 4, 1), note="Rana called")

        _migrate(AFTER)
        rows = [("skills_skillsprofile", "work_experience", profile.pk, "Brick kiln near Rana's farm"),
                ("skills_codeditem", "source_text", item.pk, "kiln work"),
                ("skills_rplrecord", "evidence", rpl.pk, "Letter from Rana"),
                ("training_enrolment", "dropout_reason", enrolment.pk, "Went home to Rana's village"),
                ("training_attendance", "note", attendance.pk, "Rana called")]
        for table, column, pk, clear in rows:
            assert _raw(table, column, pk).startswith("v1."), (table, column)
        assert _raw("skills_skillsprofile", "interests", profile.pk) == ""  # empty stays empty
        assert SkillsProfile.objects.get(pk=profile.pk).work_experience == "Brick kiln near Rana's farm"
        assert Enrolment.objects.get(pk=enrolment.pk).dropout_reason == "Went home to Rana's village"
        assert Enrolment.objects.get(pk=enrolment.pk).dropout_category == "other"  # training 0004
        token = _raw("skills_rplrecord", "evidence", rpl.pk)
        _migrate(BEFORE)
        _migrate(AFTER)  # back and forth: opened on the way down, sealed again (a fresh token) on the way up
        assert _raw("skills_rplrecord", "evidence", rpl.pk) != token
        from django.apps import apps

        from reintegra.core.migrations._free_text import encrypt_existing

        seal, _open = encrypt_existing({"skills.RplRecord": ["evidence"]})
        again = _raw("skills_rplrecord", "evidence", rpl.pk)
        seal(apps, connection.schema_editor())  # running it twice leaves sealed values alone
        assert _raw("skills_rplrecord", "evidence", rpl.pk) == again

        _migrate(BEFORE)
        for table, column, pk, clear in rows:
            assert _raw(table, column, pk) == clear, (table, column)
    finally:
        _migrate(_leaves())
