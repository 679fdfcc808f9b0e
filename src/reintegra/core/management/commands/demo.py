from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from reintegra.core.models import User
from reintegra.demo.events import EVENT_MODELS, events, rows_per_table
from reintegra.demo.generator import DEMO_USERS, SCALES, demo_loaded, generate

DEFAULT_PASSWORD = "reintegra-demo-2026"


class Command(BaseCommand):
    help = "Migrate the database, load reproducible synthetic demo data (once), print the demo logins and serve."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-serve", action="store_true", help="load the data and exit")
        parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="password of every demo account")
        parser.add_argument("--scale", choices=list(SCALES), default="small",
                            help="small: 60 cases; medium: 10,000; national: 1,000,000 (benchmarks)")
        parser.add_argument("--cases", type=int, default=None,
                            help="override the scale's number of cases; every per-case share stays the scale's "
                                 "(e.g. --scale national --cases 50000 to profile the national demo)")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, no_serve: bool, seed: int, password: str, scale: str, port: int,
               cases: int | None = None, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if demo_loaded():
            self.stdout.write("Demo data is already loaded; keeping it.")
        else:
            if len(password) < 10:
                raise CommandError("The demo password must have at least 10 characters.")
            if cases is not None and cases < 1:
                raise CommandError("--cases must be at least 1.")
            began = time.perf_counter()
            ctx = generate(seed=seed, scale=scale, password=password, cases=cases,
                           progress=lambda line: self.stdout.write(f"  {line}") if scale != "small" else None)
            seconds = time.perf_counter() - began
            self.stdout.write(self.style.SUCCESS(
                f"Loaded demo data: {len(ctx.organizations)} organisations, {len(ctx.case_ids)} cases (seed {seed}) "
                f"in {seconds:.0f} s."))
            self._summary()
        self.stdout.write(f"\nDemo logins (password {password!r}):")
        for username, org, role in DEMO_USERS:
            self.stdout.write(f"  {username:<13} {role.label} — {org}")
        if User.objects.filter(username="employer").exists():  # made by the employment app's demo
            self.stdout.write(f"  {'employer':<13} Employer portal — Fair Garments Ltd (sees only consenting people)")
        self.stdout.write("")
        if not no_serve:
            call_command("serve", port=port)

    def _summary(self) -> None:
        """Rows per table, events marked, so the size of the demo can be checked."""
        counts = rows_per_table()
        self.stdout.write("Rows per table (* = survivor events, see reintegra/demo/events.py):")
        for label, rows in sorted(counts.items()):
            self.stdout.write(f"  {'*' if label in EVENT_MODELS else ' '} {label:<36} {rows:>12,}")
        self.stdout.write(f"Events: {events(counts):,}")
