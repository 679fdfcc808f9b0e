from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reintegra.core.services import system_admin_create


class Command(BaseCommand):
    help = (
        "Create a system administrator, member of a national coordination organisation "
        "(created when missing). The password comes from --password, REINTEGRA_ADMIN_PASSWORD or a prompt."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument("--password", default=None)
        parser.add_argument("--organization", default="National coordination", help="organisation name")
        parser.add_argument("--country", default="ZZ", help="ISO 3166-1 alpha-2 code")

    def handle(self, *args: Any, **opts: Any) -> None:
        password = opts["password"] or os.environ.get("REINTEGRA_ADMIN_PASSWORD")
        if not password:
            password = getpass.getpass("Password: ")
        try:
            validate_password(password)
            user = system_admin_create(
                username=opts["username"], email=opts["email"], password=password,
                organization_name=opts["organization"], country=opts["country"].upper(),
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"System administrator {user.username!r} created."))
