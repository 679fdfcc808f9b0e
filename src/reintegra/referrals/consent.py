"""The one place referrals ask whether the survivor agreed to share with an organisation.

Consent per purpose belongs to people/ (people.consent.consent_in_force). Fails closed: if that
function cannot be reached, nothing is shared.
"""

from __future__ import annotations

from typing import Any


def sharing_consent_given(*, case: Any, recipient: Any) -> bool:
    try:
        from reintegra.people.consent import consent_in_force
        from reintegra.people.models import ConsentPurpose
    except ImportError:  # consent model not installed: never share
        return False
    return consent_in_force(survivor=case.survivor, purpose=ConsentPurpose.SHARING, shared_with=recipient)


def section_choices() -> list[tuple[str, str]]:
    """Case sections a referral can share (defined by the cases app)."""
    try:
        from reintegra.cases.models import Section
    except ImportError:
        return [("summary", "Summary")]
    return [(code, str(label)) for code, label in Section.choices]
