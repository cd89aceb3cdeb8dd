"""Credentials as the real API takes them: Basic `user_id:api_key`, Bearer API key, or a Bearer JWT from login."""

from __future__ import annotations

import base64
import binascii

from .state import World


def authenticate(world: World, header: str | None) -> str | None:
    """The user id the Authorization header names, or None when it is missing or wrong."""
    if not header:
        return None
    scheme, _, credentials = header.partition(" ")
    credentials = credentials.strip()
    if scheme.lower() == "bearer":
        return world.tokens.get(credentials) or world.api_keys.get(credentials)
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(credentials, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        user_id, sep, key = decoded.partition(":")
        owner = world.api_keys.get(key) if sep else None
        # lightning-sdk 2026.2.6 sends "None:<key>" when it has a key but no user id
        if owner is not None and user_id in (owner, "None", ""):
            return owner
    return None
