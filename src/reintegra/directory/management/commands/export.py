"""`reintegra export hsds PATH [--area A] [--type T]`: the directory as HSDS 3.0 JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reintegra.core import audit
from reintegra.directory.hsds.export import write_export
from reintegra.directory.selectors import services_filtered


class Command(BaseCommand):
    help = "Export data. Formats: hsds (the service directory as HSDS 3.0 JSON, fully nested services)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("format", choices=["hsds"])
        parser.add_argument("path")
        parser.add_argument("--area", default="", help="only services in this administrative area")
        parser.add_argument("--type", default="", dest="service_type", help="only this service type (Table 1 code)")
        parser.add_argument("--all-statuses", action="store_true", help="include inactive and defunct services")

    def handle(self, *args: Any, **options: Any) -> None:
        services = services_filtered(area=options["area"], service_type=options["service_type"],
                                     active_only=not options["all_statuses"])
        path = Path(options["path"])
        if path.is_dir():
            raise CommandError(f"{path} is a folder; give a file name such as directory.json")
        count = write_export(services, path)
        audit.record(audit.Action.EXPORT, actor_label="cli", object_type="directory.hsds_export",
                     detail={"services": count, "area": options["area"], "type": options["service_type"]})
        self.stdout.write(f"{count} services written to {path} (HSDS 3.0).")
