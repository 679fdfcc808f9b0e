"""Encrypt the free text written before 0006 made these columns EncryptedTextField.

Reversible: going back opens the tokens again (the keys that sealed them must still be configured),
because the columns of 0005 hold clear text.
"""

from django.db import migrations

from reintegra.core.migrations._free_text import encrypt_existing

FIELDS = {
    "cases.Case": ["closure_note"],
    "cases.PhaseChange": ["note"],
    "cases.CaseEvent": ["note"],
    "cases.Identification": ["note", "referred_in_by_other"],
    "cases.ExploitationEpisode": ["note"],
    "cases.FollowUp": ["note"],
    "cases.NeedsAssessment": ["constraints_note"],
    "cases.Need": ["description"],
    "cases.OutcomeAssessment": ["note"],
    "cases.ReintegrationPlan": ["objectives", "agreement_note"],
    "cases.PlanGoal": ["description"],
    "cases.PlanAction": ["description", "responsible_person"],
    "cases.PlanReview": ["note"],
    "cases.Protection": ["non_punishment_note"],
    "cases.CaseShare": ["consent_override_reason", "ended_reason"],
}

forwards, backwards = encrypt_existing(FIELDS)


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_encrypt_free_text")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
