"""Encrypt the free text written before 0002 made these columns EncryptedTextField.

Reversible: going back opens the tokens again (the keys that sealed them must still be configured),
because the columns of 0001 hold clear text.
"""

from django.db import migrations

from reintegra.core.migrations._free_text import encrypt_existing

FIELDS = {
    "referrals.Referral": ["reason", "decline_reason", "cancel_reason", "outcome_note"],
    "referrals.ReferralEvent": ["note"],
    "referrals.Feedback": ["comment"],
    "referrals.Transfer": ["reason", "decline_reason"],
}

forwards, backwards = encrypt_existing(FIELDS)


class Migration(migrations.Migration):
    dependencies = [("referrals", "0002_encrypt_free_text")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
