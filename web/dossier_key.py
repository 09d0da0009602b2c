"""The server's key for the register's second factor (keyed hashes of four digits)."""

import hashlib
import hmac

from flask import current_app

#: Fixed label that derives the key from SECRET_KEY, so no other use of it shares the key.
LABEL = b"hailong: dossier second factor v1"


def dossier_hash_key() -> bytes:
    """Return the key: DOSSIER_HASH_KEY when set, else derived from SECRET_KEY.

    Changing it (or SECRET_KEY without DOSSIER_HASH_KEY) makes the stored hashes useless:
    import the register again to hash the digits anew (docs/privacy.md).
    """
    configured = current_app.config.get("DOSSIER_HASH_KEY")
    secret = configured or current_app.config["SECRET_KEY"]
    if isinstance(secret, str):
        secret = secret.encode()
    return hmac.new(secret, LABEL, hashlib.sha256).digest()
