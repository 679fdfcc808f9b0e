"""The rules of recognition of prior learning as a pure function, so they can be property-tested.

The stages run in order (information, identification, documentation, assessment, certification,
gap training). A record may skip ahead (someone arriving with a ready portfolio) but never goes
back; each stage's date cannot precede an earlier stage's date; certification records a result;
gap training follows a partial or refused certification, or an assessment that found gaps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.utils.translation import gettext as _

STAGES = ("information", "identification", "documentation", "assessment", "certification", "gap_training")
DATE_FIELDS = {stage: f"{stage}_on" for stage in STAGES}
CERTIFIED_RESULTS = ("full", "partial", "none")


def transition_errors(
    *, current: str, dates: Mapping[str, dt.date | None], new_stage: str, on: dt.date, result: str = "",
    previous_result: str = "",
) -> dict[str, str]:
    """Field -> message for every rule the move to `new_stage` on `on` would break (empty: allowed)."""
    errors: dict[str, str] = {}
    if new_stage not in STAGES:
        return {"stage": _("Unknown stage.")}
    if STAGES.index(new_stage) < STAGES.index(current):
        errors["stage"] = _("A recognition process does not go back to an earlier stage.")
    earlier = [d for stage, d in dates.items() if d is not None and STAGES.index(stage) < STAGES.index(new_stage)]
    if earlier and on < max(earlier):
        errors["on"] = _("This date is before the date of an earlier stage.")
    if new_stage == "certification" and result not in CERTIFIED_RESULTS:
        errors["result"] = _("Record whether the certification was full, partial or refused.")
    if new_stage == "gap_training" and (previous_result or result) == "full":
        errors["stage"] = _("Gap training follows a partial or refused certification, not a full one.")
    return errors
