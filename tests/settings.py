"""Test settings: fixed keys, fast password hashing, plain-HTTP cookies for the live server."""

import base64
import os
import tempfile

os.environ.setdefault("REINTEGRA_SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("REINTEGRA_DATA_KEYS", "k1:" + base64.b64encode(b"reintegra-test-key-32-bytes!!!!!").decode())
os.environ.setdefault("REINTEGRA_HOME", tempfile.mkdtemp(prefix="reintegra-test-"))
os.environ.setdefault("REINTEGRA_SECURE_COOKIES", "false")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop + live_server

from reintegra.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEBUG = False
# Django's test flush empties tables with DELETE on SQLite, which the append-only trigger refuses.
# The trigger is still tested: tests/core/test_audit.py installs it explicitly.
REINTEGRA_AUDIT_TRIGGERS = DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3"  # noqa: F405
