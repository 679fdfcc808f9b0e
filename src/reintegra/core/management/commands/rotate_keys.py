from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from reintegra.core import crypto
from reintegra.core.keyrotation import rotate_all


class Command(BaseCommand):
    help = (
        "Rotate data encryption keys. 1) `reintegra rotate-keys --generate` prints a new key; "
        "2) put it FIRST in REINTEGRA_DATA_KEYS, keeping the old ones after it; 3) run `reintegra rotate-keys` "
        "to re-encrypt everything with it; 4) once done, old keys may be removed."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--generate", action="store_true", help="print a new random key and exit")
        parser.add_argument("--key-id", default="k2", help="id for the generated key")

    def handle(self, *args: Any, generate: bool, key_id: str, **options: Any) -> None:
        if generate:
            self.stdout.write(f"{key_id}:{crypto.generate_key()}")
            return
        counts = rotate_all()
        total = sum(counts.values())
        active = crypto.keyring().active_id
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {total} records with key {active!r}: {counts}"))
