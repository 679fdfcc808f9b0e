"""Training's answers to other apps' signals (connected in TrainingConfig.ready)."""

from __future__ import annotations

from typing import Any

from reintegra.training.models import Programme


def enrol_on_accepted_referral(sender: Any, referral: Any, actor: Any, **kwargs: Any) -> None:
    """A referral to a directory service that is a training programme enrols the person."""
    if referral.service_id is None:
        return
    programme = Programme.objects.filter(service_id=referral.service_id).first()
    if programme is None:
        return
    from reintegra.training.services import enrol_from_referral

    enrol_from_referral(actor=actor, referral=referral, programme=programme)
