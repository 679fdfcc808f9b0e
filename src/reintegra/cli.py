"""The `reintegra` command: a thin front to the project's Django management commands.

`reintegra demo --seed 3` runs the `demo` command, `reintegra rotate-keys` runs `rotate_keys`,
and `reintegra manage <anything>` passes through to Django. Each subcommand has `--help`.
"""

from __future__ import annotations

import os
import sys

SUBCOMMANDS = {
    "serve": "serve the web application (waitress) on 127.0.0.1:8000",
    "demo": "migrate, load reproducible synthetic demo data, print the demo logins and serve",
    "createadmin": "create a system administrator account",
    "rotate-keys": "re-encrypt every identifier with the newest data key and rebuild blind indexes",
    "backup": "back up the database to a file (SQLite online backup, or pg_dump)",
    "restore": "restore the database from a backup file",
    "verify-audit": "check the hash chain of the audit trail",
    "daily": "run the daily background jobs (reminders, expiries, retention checks)",
    "manage": "any Django management command (migrate, shell, …)",
}


def _usage() -> str:
    width = max(len(name) for name in SUBCOMMANDS)
    lines = ["usage: reintegra <command> [options]", "", "commands:"]
    lines += [f"  {name.ljust(width)}  {text}" for name, text in SUBCOMMANDS.items()]
    lines += ["", "Other project commands (e.g. `screen`) run the same way; `reintegra <command> --help` for options."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegra.settings")
    from reintegra.config import ConfigurationError

    try:
        import django

        django.setup()
    except ConfigurationError as exc:
        print(f"reintegra: configuration error: {exc}", file=sys.stderr)
        return 2
    from django.core.management import execute_from_command_line

    command, rest = args[0], args[1:]
    if command == "manage":
        if not rest or rest[0] in {"-h", "--help"}:
            print("usage: reintegra manage <django command> [options]\n\nRuns any Django management command.")
            rest = ["help"]
        command, rest = rest[0], rest[1:]
    else:
        command = command.replace("-", "_")
    try:
        execute_from_command_line(["reintegra", command, *rest])
    except SystemExit as exc:
        return int(exc.code or 0) if isinstance(exc.code, int) or exc.code is None else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
