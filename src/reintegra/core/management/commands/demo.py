from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from reintegra.core.models import User
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
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, no_serve: bool, seed: int, password: str, scale: str, port: int,
               **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if demo_loaded():
            self.stdout.write("Demo data is already loaded; keeping it.")
        else:
            if len(password) < 10:
                raise CommandError("The demo password must have at least 10 characters.")
            ctx = generate(seed=seed, scale=scale, password=password)
            self.stdout.write(self.style.SUCCESS(
                f"Loaded demo data: {len(ctx.organizations)} organisations, {len(ctx.case_ids)} cases (seed {seed})."))
        self.stdout.write(f"\nDemo logins (password {password!r}):")
        for username, org, role in DEMO_USERS:
            self.stdout.write(f"  {username:<13} {role.label} — {org}")
        if User.objects.filter(username="employer").exists():  # made by the employment app's demo
            self.stdout.write(f"  {'employer':<13} Employer portal — Fair Garments Ltd (sees only consenting people)")
        self.stdout.write("")
        if not no_serve:
            call_command("serve", port=port)
