"""Differentially private counts with OpenDP (discrete Laplace noise on a histogram).

Each person counts in exactly one cell of a released histogram, so adding or removing one person
changes the vector by at most 1 in L1 distance; the noise scale is 1/ε. Totals are summed from
the noisy cells (post-processing costs no budget), negatives are clamped to zero, and noisy cells
below the suppression threshold are still withheld so no released number lies in 1..threshold-1.
"""

from __future__ import annotations

from collections.abc import Sequence

import opendp.prelude as dp

dp.enable_features("contrib")


def histogram_mechanism(epsilon: float):
    if not epsilon > 0:
        raise ValueError("ε must be positive.")
    space = dp.vector_domain(dp.atom_domain(T=int, nan=False)), dp.l1_distance(T=int)
    return dp.m.make_laplace(*space, scale=1.0 / epsilon)


def privacy_loss(epsilon: float) -> float:
    """ε actually guaranteed by the mechanism for one person (as OpenDP computes it)."""
    return float(histogram_mechanism(epsilon).map(1))


def noisy_counts(counts: Sequence[int], epsilon: float, threshold: int) -> tuple[list[int | None], int | None]:
    """Noisy cells (None when under the threshold) and the noisy total."""
    noisy = [max(0, int(v)) for v in histogram_mechanism(epsilon)([int(c) for c in counts])]
    total = sum(noisy)
    return [v if v == 0 or v >= threshold else None for v in noisy], total if total == 0 or total >= threshold else None
