from django.db import migrations, models

INDEX = "monitoring_case_updated_at"


class Migration(migrations.Migration):
    """Declares the index on cases_case.updated_at that monitoring 0004 created by SQL.

    State only, with the same name: on a database where monitoring 0004 ran the index exists and
    nothing is created; IF NOT EXISTS creates it where it did not (cases migrated before
    monitoring), so there is exactly one either way, on SQLite and PostgreSQL. Going back leaves
    it to monitoring 0004, which owns its removal.
    """

    dependencies = [
        ("cases", "0009_encrypt_existing_dimensions_share_purpose"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(model_name="case", index=models.Index(fields=["updated_at"], name=INDEX)),
            ],
            database_operations=[
                migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {INDEX} ON cases_case (updated_at)",
                                  reverse_sql=migrations.RunSQL.noop),
            ],
        ),
    ]
