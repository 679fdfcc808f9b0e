# Consent.witness and Consent.note become encrypted columns; existing clear text is sealed in place.

from django.db import migrations

import reintegra.core.fields
from reintegra.core.migrations._free_text import encrypt_existing

# Sealed after the columns change type; opened again before, on the way back, to fit the witness
# CharField(150) of 0003.
seal, unseal = encrypt_existing({"people.Consent": ["witness", "note"]},
                                clear_limits={"people.Consent": {"witness": 150}})


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
