"""Writes of survivor identity."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reintegra.core import audit, crypto
from reintegra.core.models import Organization
from reintegra.people.duplicates import rebuild_name_tokens
from reintegra.people.models import Survivor, new_survivor_code

IDENTITY_FIELDS = (
    "given_name", "family_name", "birth_date", "phone", "email", "address",
    "document_numbers", "safe_contact_instructions",
)
ATTRIBUTE_FIELDS = ("gender", "birth_year", "nationality", "languages", "education_level",
                    "has_disability", "do_not_contact")


@dataclass
class Identity:
    given_name: str = ""
    family_name: str = ""
    birth_date: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    document_numbers: str = ""
    safe_contact_instructions: str = ""


def _validate_birth_date(value: str) -> None:
    if not value:
        return
    try:
        born = dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({"birth_date": _("Enter the date as YYYY-MM-DD.")}) from None
    if born > dt.date.today():
        raise ValidationError({"birth_date": _("The date of birth cannot be in the future.")})


def refresh_blind_indexes(survivor: Survivor, ring: crypto.KeyRing | None = None) -> None:
    name = survivor.full_name
    survivor.name_index = crypto.blind_index(name, ring=ring) if name else ""
    survivor.name_birth_index = (
        crypto.blind_index(name, survivor.birth_date, ring=ring) if name and survivor.birth_date else ""
    )
    survivor.key_id = (ring or crypto.keyring()).active_id
    if survivor.pk:
        rebuild_name_tokens(survivor, ring=ring)


def survivor_register(
    *, actor: Any, organization: Organization, identity: Identity, **attributes: Any
) -> Survivor:
    unknown = set(attributes) - set(ATTRIBUTE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown survivor attributes: {sorted(unknown)}")
    if not (identity.given_name or identity.family_name):
        raise ValidationError({"given_name": _("Enter at least a given name or a family name.")})
    _validate_birth_date(identity.birth_date)
    survivor = Survivor(code=new_survivor_code(), organization=organization, created_by=actor, **vars(identity),
                        **attributes)
    if identity.birth_date and not survivor.birth_year:
        survivor.birth_year = int(identity.birth_date[:4])
    refresh_blind_indexes(survivor)
    survivor.full_clean(exclude=["code"])
    while Survivor.objects.filter(code=survivor.code).exists():  # rare at a million people; never an error
        survivor.code = new_survivor_code()
    with transaction.atomic():
        survivor.save()
        rebuild_name_tokens(survivor)
        audit.record(audit.Action.CREATE, actor=actor, organization=organization, obj=survivor)
    return survivor
