"""`reintegra referrals-expire`: sent referrals not answered by their date become expired (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from reintegra.referrals.services import referrals_expire


class Command(BaseCommand):
    help = "Expire sent referrals whose answer date has passed, and tell the referring case managers."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{referrals_expire()} referral(s) expired.")
