"""Signals other apps listen to, so that referrals need not import them.

`referral_accepted` is sent inside the acceptance transaction with `referral` and `actor`. A
receiver that raises (for example a ValidationError because the training programme is full)
undoes the acceptance, so the provider never accepts what it cannot deliver.
"""

from __future__ import annotations

from django.dispatch import Signal

referral_accepted = Signal()
