"""Import of public registers of employers found using forced labour, and screening."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reintegra.employment.models import Employer, RegisterEntry
from reintegra.employment.services.employers import employer_create, opportunity_create
from reintegra.employment.services.placements import placement_create
from reintegra.employment.services.registers import normalize_name, register_import

BRAZIL_STYLE = (
    "ID;Ano da ação fiscal;UF;Empregador;CNPJ/CPF;Estabelecimento;Trabalhadores envolvidos;Data de inclusão\n"
    "1;2023;PA;Fazenda Boa Esperança Ltda;12.345.678/0001-90;Fazenda Boa Esperança;12;05/04/2024\n"
    "2;2024;MG;Carvoaria São José ME;98.765.432/0001-10;Carvoaria;4;2024-10-01\n"
)


@given(st.text(max_size=40))
def test_normalisation_is_idempotent(name):
    assert normalize_name(normalize_name(name)) == normalize_name(name)


@given(st.sampled_from(["Fazenda Boa Esperança", "Carvoaria São José"]), st.sampled_from(["", " Ltda", " ME", " S.A."]),
       st.booleans())
def test_normalisation_ignores_case_accents_and_legal_form(name, suffix, upper):
    variant = (name + suffix).upper() if upper else name + suffix
    assert normalize_name(variant) == normalize_name(name)


def test_brazil_style_import_flags_a_listed_employer(world):
    listed = employer_create(actor=world.liaison, organization=world.shelter, name="FAZENDA BOA ESPERANCA")
    clean = employer_create(actor=world.liaison, organization=world.shelter, name="Fair Garments")
    report = register_import(actor=world.supervisor, source="Cadastro de Empregadores 2024", csv_text=BRAZIL_STYLE,
                             country="BR")
    assert report.ok and report.created == 2 and report.flagged_employers == [listed.pk]
    listed.refresh_from_db()
    clean.refresh_from_db()
    assert listed.register_hit.source == "Cadastro de Empregadores 2024" and listed.vetting == "rejected"
    assert clean.register_hit is None
    entry = RegisterEntry.objects.get(tax_id="12345678000190")
    assert entry.listed_on.isoformat() == "2024-04-05"


def test_new_employer_is_screened_by_tax_number(world):
    register_import(actor=world.supervisor, source="Register", csv_text=BRAZIL_STYLE)
    renamed = employer_create(actor=world.liaison, organization=world.shelter, name="Another name entirely",
                              tax_id="98765432000110")
    assert renamed.register_hit is not None and not renamed.can_receive_placements


def test_a_listed_employer_cannot_be_approved_offer_jobs_or_receive_placements(world):
    register_import(actor=world.supervisor, source="Register", csv_text=BRAZIL_STYLE)
    listed = employer_create(actor=world.liaison, organization=world.shelter, name="Carvoaria Sao Jose")
    from reintegra.employment.services.employers import employer_vet

    with pytest.raises(ValidationError):
        employer_vet(actor=world.liaison, employer=listed, decision="approved", written_contracts=True,
                     minimum_wage=True, safety_health=True, freedom_of_association=True, no_recruitment_fees=True)
    with pytest.raises(ValidationError):
        opportunity_create(actor=world.liaison, organization=world.shelter, employer=listed, title="Charcoal",
                           isco_code="8131", admin_area="North")
    with pytest.raises(ValidationError):
        placement_create(actor=world.liaison, case=world.case, employer=listed, job_title="Worker",
                         started_on=world.today)


def test_import_is_all_or_nothing(world):
    bad = "name;listed_on\nGood Farm;2024-01-01\n;2024-01-01\nOther Farm;not a date\n"
    report = register_import(actor=world.supervisor, source="Register", csv_text=bad)
    assert not report.ok and [line for line, _message in report.errors] == [3, 4]
    assert RegisterEntry.objects.count() == 0
    assert not register_import(actor=world.supervisor, source="R", csv_text="foo,bar\n1,2\n").ok


def test_only_allowed_roles_import(world):
    with pytest.raises(PermissionDenied):
        register_import(actor=world.liaison, source="Register", csv_text=BRAZIL_STYLE)
    assert Employer.objects.count() == 0


def test_import_page(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.supervisor)
    upload = SimpleUploadedFile("lista.csv", BRAZIL_STYLE.encode("latin-1"), content_type="text/csv")
    response = client.post("/employment/registers/import/", {"source": "Lista suja", "country": "br", "file": upload})
    assert response.status_code == 302 and RegisterEntry.objects.filter(country="BR").count() == 2


cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60, deadline=None)
@given(rows=st.lists(st.lists(cells, min_size=1, max_size=4), max_size=8),
       header=st.sampled_from(["name;tax_id;listed_on", "Empregador,CNPJ/CPF", "foo,bar", ""]))
def test_any_csv_gives_a_report_never_an_exception(world, rows, header):
    """The world fixture is only read here; each example rolls its own writes back."""
    from django.db import transaction

    text = header + "\n" + "\n".join(";".join(row) for row in rows)
    with transaction.atomic():
        before = RegisterEntry.objects.count()
        report = register_import(actor=world.supervisor, source="Fuzz", csv_text=text)
        after = RegisterEntry.objects.count()
        assert (after - before) == (report.created if report.ok else 0)
        assert all(line >= 0 and message for line, message in report.errors)
        transaction.set_rollback(True)
