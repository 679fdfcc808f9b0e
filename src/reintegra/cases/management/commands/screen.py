"""`reintegra screen FILE.json` — apply the forced-labour screening rule to JSON requests.

FILE holds one object ``{"age": <int or null>, "indicators": [<codes>]}`` or a list of them
(``-`` reads standard input). The result is printed as JSON: one object, or a list in the same
order. ``reintegra screen --catalogue`` prints the indicator catalogue. Nothing is stored: the
command works on anonymous research data and touches no survivor record.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reintegra.cases import screening


class Command(BaseCommand):
    help = (
        "Screen JSON requests {\"age\": int|null, \"indicators\": [codes]} (or a list of them) with the "
        "ICLS 2018 forced-labour rule and print the results as JSON; --catalogue prints the indicators."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", nargs="?", help="JSON file to screen, or - for standard input")
        parser.add_argument("--catalogue", action="store_true", help="print the indicator catalogue as JSON")
        parser.add_argument("--indent", type=int, default=2, help="JSON indentation (0 for one line)")

    def handle(self, *args: Any, file: str | None, catalogue: bool, indent: int, **options: Any) -> None:
        if catalogue == bool(file):
            raise CommandError("give either a JSON FILE to screen or --catalogue (not both)")
        if catalogue:
            self._print(screening.load_catalogue().as_dict(), indent)
            return
        payload = self._read(file or "-")
        try:
            results = screening.evaluate_many(payload)
        except screening.ScreeningError as exc:
            raise CommandError(str(exc)) from exc
        self._print(results, indent)

    def _read(self, file: str) -> Any:
        try:
            if file == "-":
                text = sys.stdin.read()
            else:
                with open(file, encoding="utf-8") as handle:
                    text = handle.read()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{file} is not UTF-8 text: {exc}") from exc
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"{file} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from exc

    def _print(self, data: Any, indent: int) -> None:
        self.stdout.write(json.dumps(data, indent=indent or None, ensure_ascii=False))
