# Employer disclosure consents move into people.Consent (purpose "employer_disclosure"), keeping
# their history: each old row becomes a "given" decision, plus a "withdrawn" one if it was withdrawn.

from django.db import migrations


def move_to_consent_store(apps, schema_editor):
    DisclosureConsent = apps.get_model("employment", "DisclosureConsent")
    Consent = apps.get_model("people", "Consent")
    for old in DisclosureConsent.objects.select_related("case").order_by("given_on", "id").iterator():
        common = {"organization_id": old.organization_id, "survivor_id": old.case.survivor_id,
                  "purpose": "employer_disclosure", "employer_id": old.employer_id,
                  "recorded_by_id": old.recorded_by_id}
        Consent.objects.create(given=True, recorded_on=old.given_on, witness=old.witness,
                               note="Moved from the employment app's disclosure consents.", **common)
        if old.withdrawn_on:
            Consent.objects.create(given=False, recorded_on=old.withdrawn_on,
                                   note="Moved from the employment app's disclosure consents.", **common)


def back_to_disclosure_table(apps, schema_editor):
    DisclosureConsent = apps.get_model("employment", "DisclosureConsent")
    Consent = apps.get_model("people", "Consent")
    Case = apps.get_model("cases", "Case")
    rows = Consent.objects.filter(purpose="employer_disclosure", employer__isnull=False).order_by("recorded_on", "id")
    for row in rows:
        case = Case.objects.filter(survivor_id=row.survivor_id).order_by("id").first()
        if case is None:
            continue
        if row.given:
            DisclosureConsent.objects.create(organization_id=row.organization_id, case=case,
                                             employer_id=row.employer_id, given_on=row.recorded_on,
                                             witness=row.witness[:200], recorded_by_id=row.recorded_by_id)
        else:
            DisclosureConsent.objects.filter(case=case, employer_id=row.employer_id,
                                             withdrawn_on__isnull=True).update(withdrawn_on=row.recorded_on)
    Consent.objects.filter(purpose="employer_disclosure").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('employment', '0001_initial'),
        ('people', '0004_consent_encrypt_witness_note'),
    ]

    operations = [
        migrations.RunPython(move_to_consent_store, back_to_disclosure_table),
        migrations.DeleteModel(
            name='DisclosureConsent',
        ),
    ]
