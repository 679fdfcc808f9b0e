"""Duplicate detection for intake: exact matches by blind index, near matches by keyed name tokens.

Names are never stored in clear text. For each word of the normalised name we keep keyed hashes
(HMAC, the blind-index key) of its character bigrams and of a phonetic key; two names that share
many tokens are probably the same name spelt differently. The score is the Dice coefficient of
the two token sets. The caller may refine the score of candidates the user is allowed to see with
the decrypted names (rapidfuzz), and decides what to show. Nothing is ever merged automatically.
See docs/adr/cases-fuzzy-duplicates.md for the trade-offs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count

from reintegra.core import crypto
from reintegra.people.models import Survivor, SurvivorNameToken

# Letter groups that sound alike in many languages written in Latin script (Soundex-like).
_SOUND_GROUPS = {
    **dict.fromkeys("bfpv", "1"), **dict.fromkeys("cgjkqsxz", "2"), **dict.fromkeys("dt", "3"),
    "l": "4", **dict.fromkeys("mn", "5"), "r": "6",
}
FUZZY_THRESHOLD = 0.55
BIRTH_YEAR_TOLERANCE = 2


def phonetic_key(word: str) -> str:
    """First letter plus up to three sound-group digits (vowels, h, w, y dropped; repeats merged)."""
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return ""
    digits: list[str] = []
    previous = _SOUND_GROUPS.get(letters[0], "")
    for letter in letters[1:]:
        code = _SOUND_GROUPS.get(letter, "")
        if code and code != previous:
            digits.append(code)
        if letter not in "hw":
            previous = code
    return (letters[0] + "".join(digits) + "000")[:4]


def name_fragments(full_name: str) -> set[str]:
    """Clear-text fragments of a name (bigrams with word boundaries, phonetic keys). Never stored."""
    fragments: set[str] = set()
    for word in crypto.normalise(full_name).split():
        word = "".join(c for c in word if c.isalnum())
        if not word:
            continue
        padded = f"^{word}$"
        fragments.update(f"g:{padded[i:i + 2]}" for i in range(len(padded) - 1))
        key = phonetic_key(word)
        if key:
            fragments.add(f"p:{key}")
    return fragments


def name_tokens(full_name: str, ring: crypto.KeyRing | None = None) -> set[str]:
    return {crypto.blind_index("name-token", fragment, ring=ring) for fragment in name_fragments(full_name)}


def rebuild_name_tokens(survivor: Survivor, ring: crypto.KeyRing | None = None) -> None:
    """Replace the survivor's tokens (after registration, a name change or key rotation)."""
    tokens = name_tokens(survivor.full_name, ring=ring)
    with transaction.atomic():
        SurvivorNameToken.objects.filter(survivor=survivor).delete()
        SurvivorNameToken.objects.bulk_create(
            SurvivorNameToken(survivor=survivor, organization_id=survivor.organization_id, token=t)
            for t in sorted(tokens)
        )


@dataclass(frozen=True)
class Candidate:
    survivor_id: int
    score: float  # 0..1
    exact: bool  # same name and same date of birth (a same name alone scores 1.0 but is not "exact")


def _exact_ids(organization_id: int, full_name: str, birth_date: str) -> tuple[set[int], set[int]]:
    """(same name and date of birth, same name only) — both from the blind indexes."""
    same_name = set(Survivor.objects.filter(organization_id=organization_id,
                                            name_index=crypto.blind_index(full_name)).values_list("id", flat=True))
    same_person: set[int] = set()
    if birth_date:
        same_person = set(Survivor.objects.filter(organization_id=organization_id,
                                                  name_birth_index=crypto.blind_index(full_name, birth_date))
                          .values_list("id", flat=True))
    return same_person, same_name - same_person


def find_candidates(*, organization_id: int, full_name: str, birth_date: str = "",
                    birth_year: int | None = None, threshold: float = FUZZY_THRESHOLD,
                    limit: int = 10) -> list[Candidate]:
    """Possible duplicates of a person about to be registered in `organization_id`, best first."""
    if not full_name.strip():
        return []
    exact, same_name = _exact_ids(organization_id, full_name, birth_date)
    mine = name_tokens(full_name)
    shared = (SurvivorNameToken.objects.filter(organization_id=organization_id, token__in=mine)
              .values("survivor_id").annotate(shared=Count("id")).order_by("-shared")[:200])
    shared_by_id = {row["survivor_id"]: row["shared"] for row in shared}
    sizes = dict(SurvivorNameToken.objects.filter(survivor_id__in=shared_by_id).values("survivor_id")
                 .annotate(n=Count("id")).values_list("survivor_id", "n"))
    years = dict(Survivor.objects.filter(id__in=set(shared_by_id) | exact | same_name)
                 .values_list("id", "birth_year"))
    if birth_year is None and birth_date:
        birth_year = int(birth_date[:4])
    found: dict[int, Candidate] = {sid: Candidate(sid, 1.0, True) for sid in exact}
    for sid in same_name | set(shared_by_id):
        if sid in found:
            continue
        other_year = years.get(sid)
        if birth_year and other_year and abs(birth_year - other_year) > BIRTH_YEAR_TOLERANCE:
            continue
        score = 1.0 if sid in same_name else 2 * shared_by_id[sid] / (len(mine) + sizes.get(sid, 0))
        if score >= threshold:
            found[sid] = Candidate(sid, round(score, 3), False)
    return sorted(found.values(), key=lambda c: (-c.score, c.survivor_id))[:limit]
