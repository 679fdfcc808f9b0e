"""Application-level encryption of direct identifiers.

Values are sealed with AES-256-GCM under a key chosen by id, so keys can be rotated: the first
key in REINTEGRA_DATA_KEYS ("k2:<b64>,k1:<b64>") encrypts, every listed key can decrypt.
A token looks like ``v1.<key id>.<base64(nonce + ciphertext)>``; the field name is bound in as
associated data so a ciphertext copied into another column fails to open.

Blind indexes (HMAC-SHA256 over a normalised value, with a key derived from the active data
key) let the database answer exact-match questions ("is this name and birth date already
registered?") without holding the value. They change with the active key, so `rotate-keys`
recomputes them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass
from functools import cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

TOKEN_PREFIX = "v1"


class KeyConfigurationError(Exception):
    pass


class DecryptionError(Exception):
    pass


@dataclass(frozen=True)
class KeyRing:
    active_id: str
    keys: dict[str, bytes]

    @classmethod
    def parse(cls, spec: str) -> KeyRing:
        keys: dict[str, bytes] = {}
        order: list[str] = []
        for part in (p.strip() for p in spec.split(",")):
            if not part:
                continue
            key_id, sep, b64 = part.partition(":")
            if not sep or not key_id.isalnum():
                raise KeyConfigurationError(f"Key entry {key_id!r} must look like '<id>:<base64 key>'.")
            try:
                raw = base64.b64decode(b64, validate=True)
            except ValueError as exc:
                raise KeyConfigurationError(f"Key {key_id!r} is not valid base64.") from exc
            if len(raw) != 32:
                raise KeyConfigurationError(f"Key {key_id!r} must be 32 bytes, got {len(raw)}.")
            if key_id in keys:
                raise KeyConfigurationError(f"Key id {key_id!r} appears twice.")
            keys[key_id] = raw
            order.append(key_id)
        if not order:
            raise KeyConfigurationError("No data encryption key configured (REINTEGRA_DATA_KEYS).")
        return cls(active_id=order[0], keys=keys)

    def index_key(self) -> bytes:
        return _derive_index_key(self.keys[self.active_id])


@cache
def _derive_index_key(data_key: bytes) -> bytes:
    return HKDF(algorithm=SHA256(), length=32, salt=None, info=b"reintegra blind index").derive(data_key)


@cache
def _ring_for(spec: str) -> KeyRing:
    return KeyRing.parse(spec)


def keyring() -> KeyRing:
    from django.conf import settings

    return _ring_for(settings.REINTEGRA_DATA_KEYS)


def encrypt(plaintext: str, *, context: str, ring: KeyRing | None = None) -> str:
    ring = ring or keyring()
    nonce = os.urandom(12)
    sealed = AESGCM(ring.keys[ring.active_id]).encrypt(nonce, plaintext.encode("utf-8"), context.encode())
    return f"{TOKEN_PREFIX}.{ring.active_id}.{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt(token: str, *, context: str, ring: KeyRing | None = None) -> str:
    ring = ring or keyring()
    try:
        prefix, key_id, body = token.split(".", 2)
    except ValueError as exc:
        raise DecryptionError("Not an encrypted value.") from exc
    if prefix != TOKEN_PREFIX or key_id not in ring.keys:
        raise DecryptionError(f"Unknown key id {key_id!r}: is REINTEGRA_DATA_KEYS complete?")
    raw = base64.urlsafe_b64decode(body.encode())
    try:
        return AESGCM(ring.keys[key_id]).decrypt(raw[:12], raw[12:], context.encode()).decode("utf-8")
    except Exception as exc:  # InvalidTag: wrong key, wrong column or altered ciphertext
        raise DecryptionError("Encrypted value could not be opened.") from exc


def key_id_of(token: str) -> str:
    return token.split(".", 2)[1]


def normalise(value: str) -> str:
    """Case-, accent- and spacing-insensitive form used for blind indexes."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split())


def blind_index(*parts: str, ring: KeyRing | None = None) -> str:
    ring = ring or keyring()
    message = "\x1f".join(normalise(p) for p in parts).encode("utf-8")
    return hmac.new(ring.index_key(), message, hashlib.sha256).hexdigest()


def generate_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()
