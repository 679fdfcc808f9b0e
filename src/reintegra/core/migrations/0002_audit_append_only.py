"""Database-level guard: audit entries cannot be updated or deleted, whatever the client."""

from django.conf import settings
from django.db import migrations

from reintegra.core.db_guards import install_audit_triggers, remove_audit_triggers


def install(apps, schema_editor):
    if getattr(settings, "REINTEGRA_AUDIT_TRIGGERS", True):
        install_audit_triggers(schema_editor.connection)


def remove(apps, schema_editor):
    remove_audit_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
