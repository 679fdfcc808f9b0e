# Consent.witness and Consent.note become encrypted columns; existing clear text is sealed in place.

from django.db import migrations

import reintegra.core.fields
from reintegra.core import crypto

COLUMNS = ("witness", "note")


def _is_sealed(value, context):
    try:
        crypto.decrypt(value, context=context)
    except crypto.DecryptionError:
        return False
    return True


def _rewrite(schema_editor, convert):
    # Raw SQL: the ORM would try to decrypt the clear text still in the column.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, witness, note FROM people_consent")
        rows = cursor.fetchall()
        for pk, *values in rows:
            new = [convert(value or "", f"people.consent.{name}") for name, value in zip(COLUMNS, values, strict=True)]
            if new != [value or "" for value in values]:
                cursor.execute("UPDATE people_consent SET witness = %s, note = %s WHERE id = %s", [*new, pk])


def seal(apps, schema_editor):
    def convert(value, context):
        if not value or _is_sealed(value, context):
            return value
        return crypto.encrypt(value, context=context)

    _rewrite(schema_editor, convert)


def unseal(apps, schema_editor):
    def convert(value, context):
        if not value or not _is_sealed(value, context):
            return value
        return crypto.decrypt(value, context=context)[:150] if context.endswith("witness") else crypto.decrypt(
            value, context=context)

    _rewrite(schema_editor, convert)


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0003_employer_disclosure'),
    ]

    operations = [
        migrations.AlterField(
            model_name='consent',
            name='note',
            field=reintegra.core.fields.EncryptedTextField(blank=True, verbose_name='note'),
        ),
        migrations.AlterField(
            model_name='consent',
            name='witness',
            field=reintegra.core.fields.EncryptedTextField(blank=True, verbose_name='witness'),
        ),
        migrations.RunPython(seal, unseal),
    ]
