from __future__ import annotations

import io
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# The jobs a deployment runs once a day, in this order. Each is an ordinary `reintegra` command.
DAILY_JOBS = [
    "followups_due",           # cases: reminders for overdue follow-ups, reflection periods ending
    "referrals_expire",        # referrals: expire those unanswered past their deadline
    "retention_due",           # employment: retention checks at 1/3/6/12 months now due
    "nap_indicators_refresh",  # planning: NAP indicators linked to live M&E figures
    "statistics_rebuild",      # monitoring: full recount of the pre-aggregated case statistics
]


class Command(BaseCommand):
    help = (
        "Run the daily background jobs (follow-up reminders, referral expiry, retention checks, NAP indicators, "
        "statistics rebuild). "
        "Schedule it with cron or a systemd timer, or keep it running with --every-hours 24 on a laptop."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--every-hours", type=float, default=0,
                            help="keep running and repeat after this many hours (0: run once)")

    def handle(self, *args: Any, every_hours: float, **options: Any) -> None:
        while True:
            failed = self.run_once()
            if not every_hours:
                break
            time.sleep(every_hours * 3600)
        if failed:
            raise CommandError(f"{len(failed)} daily job(s) failed: {', '.join(failed)}")

    def run_once(self) -> list[str]:
        failed = []
        for job in DAILY_JOBS:
            out = io.StringIO()
            try:
                call_command(job, stdout=out)
            except Exception as exc:  # one failing job must not stop the others
                failed.append(job)
                self.stderr.write(f"{job}: FAILED — {exc}")
            else:
                self.stdout.write(f"{job}: {out.getvalue().strip() or 'done'}")
        return failed
