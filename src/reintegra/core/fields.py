"""Model field that stores text encrypted (see crypto.py)."""

from __future__ import annotations

import json
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


class EncryptedJSONField(EncryptedTextField):
    """A JSON object (dict) kept as one encrypted token: for structured records that carry free text
    (e.g. a note per needs dimension). Nothing can filter on its keys in SQL, by design."""

    _pyi_private_set_type: Any  # for django-stubs: a dict, not the str of a TextField
    _pyi_private_get_type: Any

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:  # type: ignore[override]
        text = super().from_db_value(value, expression, connection)
        return json.loads(text) if text else {}

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            return json.loads(value) if value else {}
        return {} if value is None else value

    def get_prep_value(self, value: Any) -> Any:
        if not value:
            return ""
        return crypto.encrypt(json.dumps(value, sort_keys=True, ensure_ascii=False), context=self.crypto_context)

    def value_to_string(self, obj: Any) -> str:
        return json.dumps(self.value_from_object(obj), sort_keys=True, ensure_ascii=False)

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        from django import forms

        return super(models.TextField, self).formfield(**{"form_class": forms.JSONField, **kwargs})

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        return name, "reintegra.core.fields.EncryptedJSONField", args, kwargs
