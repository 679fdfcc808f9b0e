"""Enrolment status rules as a pure function (property-tested).

enrolled -> attending -> completed -> certified, with shortcuts forward (a short course may be
completed without a recorded "attending" step); dropped out from any status before certification,
with a reason from a fixed list (and an optional note). Certified and dropped out are final.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

ORDER = ("enrolled", "attending", "completed", "certified")
FINAL = ("certified", "dropped_out")


def status_errors(
    *, current: str, new: str, on: dt.date, enrolled_on: dt.date, certificate: str = "", category: str = "",
    categories: tuple[str, ...] = ()
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if new not in (*ORDER, "dropped_out"):
        return {"status": _("Unknown status.")}
    if current in FINAL:
        errors["status"] = _("This enrolment is closed.")
    elif new != "dropped_out" and ORDER.index(new) <= ORDER.index(current):
        errors["status"] = _("An enrolment only moves forward.")
    if on < enrolled_on:
        errors["on"] = _("The date is before the enrolment date.")
    if new == "certified" and not certificate.strip():
        errors["certificate"] = _("Record the certificate number or title.")
    if new == "dropped_out" and category not in categories:
        errors["category"] = _("Choose why the trainee dropped out; it helps improve the programme.")
    return errors
