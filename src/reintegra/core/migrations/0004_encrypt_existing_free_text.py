"""Encrypt break-glass reasons written before 0003 made the column EncryptedTextField.

Reversible: going back opens the tokens again (the keys that sealed them must still be configured).
The audit trail is not touched: it is append-only and hash-chained (see ADR 0003 for old entries).
"""

from django.db import migrations

from reintegra.core.migrations._free_text import encrypt_existing

forwards, backwards = encrypt_existing({"core.BreakGlassGrant": ["reason"]})


class Migration(migrations.Migration):
    dependencies = [("core", "0003_encrypt_free_text")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
