"""k-anonymous person-level export in the style of the Counter-Trafficking Data Collaborative.

Quasi-identifiers are coarsened first (age bands, ISO 3166 alpha-3 countries, yes/no flags).
Records whose combination of quasi-identifiers is shared by fewer than k records are then
generalised one step (citizenship becomes unknown); any still in a group smaller than k are
dropped, and the export says how many were dropped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pycountry

# CTDC's published age bands (years).
AGE_BANDS = [(0, 8, "0--8"), (9, 17, "9--17"), (18, 20, "18--20"), (21, 23, "21--23"), (24, 26, "24--26"),
             (27, 29, "27--29"), (30, 38, "30--38"), (39, 47, "39--47"), (48, 200, "48+")]
UNKNOWN = ""


def age_band(age: int | None) -> str:
    if age is None or age < 0:
        return UNKNOWN
    return next(label for low, high, label in AGE_BANDS if low <= age <= high)


def alpha3(alpha2: str) -> str:
    country = pycountry.countries.get(alpha_2=(alpha2 or "").upper()) if alpha2 else None
    return country.alpha_3 if country else UNKNOWN


@dataclass(frozen=True)
class KAnonymousExport:
    columns: list[str]
    rows: list[dict[str, Any]]
    k: int
    generalised: int
    suppressed: int
    total_in: int


def smallest_group(rows: Iterable[dict[str, Any]], quasi_identifiers: Sequence[str]) -> int:
    sizes = Counter(tuple(row[q] for q in quasi_identifiers) for row in rows)
    return min(sizes.values()) if sizes else 0


def k_anonymise(records: Sequence[dict[str, Any]], *, quasi_identifiers: Sequence[str], k: int,
                generalise: Sequence[str] = ("citizenship",)) -> KAnonymousExport:
    """Generalise then suppress until every quasi-identifier combination is shared by ≥ k rows."""
    if k < 1:
        raise ValueError("k must be at least 1.")
    rows = [dict(r) for r in records]
    generalised = 0
    for field in generalise:
        sizes = Counter(tuple(row[q] for q in quasi_identifiers) for row in rows)
        for row in rows:
            if sizes[tuple(row[q] for q in quasi_identifiers)] < k and row[field] != UNKNOWN:
                row[field] = UNKNOWN
                generalised += 1
    sizes = Counter(tuple(row[q] for q in quasi_identifiers) for row in rows)
    kept = [row for row in rows if sizes[tuple(row[q] for q in quasi_identifiers)] >= k]
    columns = list(records[0].keys()) if records else list(quasi_identifiers)
    return KAnonymousExport(columns=columns, rows=kept, k=k, generalised=generalised,
                            suppressed=len(rows) - len(kept), total_in=len(rows))
