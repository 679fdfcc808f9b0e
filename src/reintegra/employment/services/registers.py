"""Screening employers against public registers of employers found using forced labour.

Imports are all-or-nothing with a row-by-row report. Names are compared after normalisation
(accents, case, punctuation and legal-form suffixes removed); tax numbers by their digits.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from reintegra.core import audit
from reintegra.core.permissions import has_any_perm, organizations_with
from reintegra.employment.models import Employer, RegisterEntry

LEGAL_SUFFIXES = {"LTDA", "LTD", "ME", "EPP", "EIRELI", "SA", "S", "A", "INC", "LLC", "CO", "SARL", "SAS", "PLC",
                  "GMBH", "PVT", "PRIVATE", "LIMITED", "CIA", "COMPANY"}
NAME_THRESHOLD = 95
HEADER_ALIASES = {
    "name": ("name", "employer", "empregador", "nome", "razao social", "razão social"),
    "tax_id": ("tax_id", "cnpj/cpf", "cnpj", "cpf", "tax number", "registration"),
    "listed_on": ("listed_on", "data de inclusao", "data de inclusão", "inclusao", "date"),
    "detail": ("detail", "estabelecimento", "establishment", "uf", "notes"),
}


def normalize_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper()
    words = [w for w in re.split(r"[^A-Z0-9]+", text) if w]
    while words and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def normalize_tax_id(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def find_register_hit(*, name: str, tax_id: str = "") -> RegisterEntry | None:
    digits = normalize_tax_id(tax_id)
    if digits:
        hit = RegisterEntry.objects.filter(tax_id=digits).first()
        if hit:
            return hit
    normalized = normalize_name(name)
    if not normalized:
        return None
    exact = RegisterEntry.objects.filter(normalized_name=normalized).first()
    if exact:
        return exact
    first_word = normalized.split()[0]
    for entry in RegisterEntry.objects.filter(normalized_name__startswith=first_word)[:500]:
        if fuzz.ratio(entry.normalized_name, normalized) >= NAME_THRESHOLD:
            return entry
    return None


@dataclass
class ImportReport:
    created: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    flagged_employers: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _columns(header: list[str]) -> dict[str, int]:
    lowered = [h.strip().lower() for h in header]
    found = {}
    for key, aliases in HEADER_ALIASES.items():
        for index, title in enumerate(lowered):
            if title in aliases:
                found[key] = index
                break
    return found


def _parse_date(value: str) -> dt.date | None:
    value = value.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


def register_import(*, actor: Any, source: str, csv_text: str, country: str = "") -> ImportReport:
    """Import a register from CSV (comma or semicolon separated); nothing is saved if any row is bad."""
    if not has_any_perm(actor, "employer.import_register"):
        raise PermissionDenied(_("You cannot import registers."))
    report = ImportReport()
    sample = csv_text[:2000]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(csv_text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        report.errors.append((0, _("The file is not readable CSV: %(e)s") % {"e": exc}))
        return report
    if not rows:
        report.errors.append((0, _("The file is empty.")))
        return report
    columns = _columns(rows[0])
    if "name" not in columns:
        report.errors.append((1, _("No employer name column (expected 'name' or 'Empregador').")))
        return report
    entries = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        get = lambda key, row=row: row[columns[key]].strip() if key in columns and columns[key] < len(row) else ""  # noqa: E731
        name = get("name")
        if not name:
            report.errors.append((number, _("The employer name is empty.")))
            continue
        listed_on = None
        if get("listed_on"):
            try:
                listed_on = _parse_date(get("listed_on"))
            except ValueError:
                report.errors.append((number, _("Unreadable date %(d)s (use YYYY-MM-DD or DD/MM/YYYY).")
                                      % {"d": get("listed_on")}))
                continue
        entries.append(RegisterEntry(source=source[:200], name=name[:300], normalized_name=normalize_name(name)[:300],
                                     tax_id=normalize_tax_id(get("tax_id"))[:40], country=country[:2],
                                     listed_on=listed_on, detail=get("detail")[:300]))
    if report.errors:
        return report
    with transaction.atomic():
        RegisterEntry.objects.bulk_create(entries, batch_size=1000)
        report.created = len(entries)
        report.flagged_employers = rescreen_employers()
        orgs = organizations_with(actor, "employer.import_register")
        audit.record(audit.Action.CREATE, actor=actor, organization=orgs[0] if orgs else None,
                     object_type="employment.registerentry",
                     detail={"source": source, "rows": report.created, "flagged": report.flagged_employers})
    return report


def rescreen_employers() -> list[int]:
    """Flag every employer now found in a register; returns the ids newly flagged."""
    from reintegra.employment.services.employers import bump_index

    flagged = []
    for employer in Employer.objects.filter(register_hit__isnull=True):
        hit = find_register_hit(name=employer.name, tax_id=employer.tax_id)
        if hit is not None:
            employer.register_hit = hit
            employer.vetting = Employer.Vetting.REJECTED
            employer.save(update_fields=["register_hit", "vetting"])
            flagged.append(employer.pk)
    if flagged:
        bump_index()
    return flagged
