"""Re-encrypt every encrypted column with the active key and rebuild blind indexes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db import transaction

from reintegra.core import audit, crypto
from reintegra.core.fields import EncryptedTextField

# Models whose blind indexes depend on the key: label -> function(instance, ring) that refreshes them.
BLIND_INDEX_REFRESHERS: dict[str, Callable[[Any, crypto.KeyRing], None]] = {}


def register_blind_index_refresher(label: str, refresher: Callable[[Any, crypto.KeyRing], None]) -> None:
    BLIND_INDEX_REFRESHERS[label] = refresher


def encrypted_models() -> list[tuple[Any, list[str]]]:
    found = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.get_fields() if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


def rotate_all(batch_size: int = 500) -> dict[str, int]:
    """Returns rows rewritten per model. Each model is rewritten in one transaction."""
    ring = crypto.keyring()
    counts: dict[str, int] = {}
    for model, fields in encrypted_models():
        label = model._meta.label_lower
        refresher = BLIND_INDEX_REFRESHERS.get(label)
        index_fields = [f.name for f in model._meta.get_fields() if f.name.endswith("_index")] if refresher else []
        extra = ["key_id"] if any(f.name == "key_id" for f in model._meta.get_fields()) else []
        rewritten = 0
        with transaction.atomic():
            for obj in model.objects.order_by("pk").iterator(chunk_size=batch_size):
                if refresher:
                    refresher(obj, ring)
                elif extra:
                    obj.key_id = ring.active_id
                obj.save(update_fields=fields + index_fields + extra)
                rewritten += 1
        counts[label] = rewritten
    audit.record(audit.Action.KEY_ROTATION, actor=None, actor_label="cli",
                 detail={"active_key": ring.active_id, **counts})
    return counts
