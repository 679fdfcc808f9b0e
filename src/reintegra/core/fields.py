"""Model field that stores text encrypted (see crypto.py)."""

from __future__ import annotations

from typing import Any

from django.db import models

from reintegra.core import crypto


class EncryptedTextField(models.TextField):
    """Holds clear text in Python and an AES-GCM token in the database.

    Empty values stay empty (an empty column reveals only that nothing was recorded). The
    associated data is "<app_label>.<model>.<field>", so tokens cannot be swapped between columns.
    """

    def contribute_to_class(self, cls: Any, name: str, *args: Any, **kwargs: Any) -> None:
        super().contribute_to_class(cls, name, *args, **kwargs)
        self.crypto_context = f"{cls._meta.label_lower}.{name}"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str:
        if not value:
            return ""
        return crypto.decrypt(value, context=self.crypto_context)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value in (None, ""):
            return ""
        return crypto.encrypt(str(value), context=self.crypto_context)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        return name, "reintegra.core.fields.EncryptedTextField", args, kwargs
