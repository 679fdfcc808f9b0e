"""Encrypt needs-assessment dimensions (they hold a free-text note per dimension) and share purposes
written before 0008. Reversible, like 0007: going back needs the keys that sealed them."""

from django.db import migrations

from reintegra.core.migrations._free_text import encrypt_existing, rewrite_columns, seal, unseal

forwards_purpose, backwards_purpose = encrypt_existing({"cases.CaseShare": ["purpose"]})

DIMENSIONS = "cases.needsassessment.dimensions"


def _seal_dimensions(value: str, context: str) -> str | None:
    # An empty object is stored as an empty column, as the field itself does.
    return "" if value.strip() == "{}" else seal(value, context)


def forwards(apps, schema_editor):
    forwards_purpose(apps, schema_editor)
    rewrite_columns(schema_editor.connection, table="cases_needsassessment", pk="id",
                    columns={"dimensions": DIMENSIONS}, convert=_seal_dimensions)


def backwards(apps, schema_editor):
    backwards_purpose(apps, schema_editor)
    rewrite_columns(schema_editor.connection, table="cases_needsassessment", pk="id",
                    columns={"dimensions": DIMENSIONS}, convert=unseal)
    with schema_editor.connection.cursor() as cursor:  # the JSON column of 0007 cannot hold ''
        cursor.execute("UPDATE cases_needsassessment SET dimensions = '{}' WHERE dimensions = ''")


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_encrypt_needs_dimensions_share_purpose")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
