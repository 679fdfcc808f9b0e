"""`reintegra release …`: statistics releases from the command line.

  reintegra release suppressed --dimension sex --start 2024-01-01 --end 2024-12-31
  reintegra release public --dimension sex --epsilon 0.5 --start … --end …
  reintegra release ctdc --k 11 --start … --end … [--organization ID]

Output is CSV on stdout (or --output FILE); facts about the release (threshold, ε spent and left,
records suppressed) are printed as '#' lines first. Every run is audited.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reintegra.core import audit
from reintegra.monitoring import releases
from reintegra.monitoring.exports import safe_cell
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics.library import live_dimensions


class Command(BaseCommand):
    help = "Produce a suppressed, differentially private or k-anonymous statistics release."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["suppressed", "public", "ctdc"])
        parser.add_argument("--start", type=dt.date.fromisoformat, required=True)
        parser.add_argument("--end", type=dt.date.fromisoformat, required=True)
        parser.add_argument("--dimension", default="sex", choices=[d.code for d in live_dimensions()])
        parser.add_argument("--epsilon", type=float, default=0.5)
        parser.add_argument("--k", type=int, default=None)
        parser.add_argument("--organization", type=int, default=None,
                            help="limit to one organisation (default: the whole network)")
        parser.add_argument("--output", default="-")

    def handle(self, *args, **options):
        scope = Scope(organization_ids=(options["organization"],)) if options["organization"] else Scope(network=True)
        start, end = options["start"], options["end"]
        if end < start:
            raise CommandError("--end must not be before --start.")
        try:
            if options["kind"] == "public":
                release = releases.public_release(actor=None, actor_label="cli", scope=scope,
                                                  dimension=options["dimension"], start=start, end=end,
                                                  epsilon=options["epsilon"])
            elif options["kind"] == "ctdc":
                release = releases.ctdc_release(scope, start, end, options["k"])
            else:
                release = releases.suppressed_release(scope, options["dimension"], start, end)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        if options["kind"] != "public":
            audit.record(audit.Action.EXPORT, actor=None, actor_label="cli", organization=options["organization"],
                         object_type=f"monitoring.release.{options['kind']}",
                         detail={**release.facts, "scope": releases.scope_key(scope)})
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for key, value in release.facts.items():
            writer.writerow([f"# {key}", safe_cell(str(value))])
        writer.writerow(release.columns)
        writer.writerows([[safe_cell(v) for v in row] for row in release.rows])
        if options["output"] == "-":
            self.stdout.write(buffer.getvalue(), ending="")
        else:
            with open(options["output"], "w", newline="", encoding="utf-8") as handle:
                handle.write(buffer.getvalue())
