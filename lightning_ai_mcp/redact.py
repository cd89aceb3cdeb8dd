"""Keeping credentials out of everything the server says: tool results, errors and logs."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

MASK = "***"

_CREDENTIAL_KEY = re.compile(
    r"(api[_-]?key|apikey|token|password|passwd|secret[_-]?key|private[_-]?key|privatekey|secretkey|"
    r"credentials?|access[_-]?key|client[_-]?secret|authorization|cookie|session[_-]?key|signature)$",
    re.IGNORECASE,
)
_NOT_CREDENTIALS = frozenset({"nextpagetoken", "previouspagetoken", "pagetoken", "tokenid", "maxtokens", "tokens"})


def is_credential_key(key: str) -> bool:
    """Whether a response field name looks like it holds a credential (`apiKey`, `token`, `privateKey`, ...)."""
    flat = key.replace("_", "").replace("-", "").lower()
    if flat in _NOT_CREDENTIALS or flat.endswith(("count", "id", "ids", "name", "type", "expiresat", "limit")):
        return False
    return bool(_CREDENTIAL_KEY.search(key))


def mask_credentials(value: Any) -> Any:
    """Return a copy of a decoded JSON value with every credential-like field's value replaced by `***`."""
    if isinstance(value, dict):
        return {
            k: (
                MASK
                if is_credential_key(k) and v not in (None, "", [], {}) and not isinstance(v, bool)
                else mask_credentials(v)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [mask_credentials(v) for v in value]
    return value


class Redactor:
    """Scrubs known secret values, in every form they travel in, out of text."""

    def __init__(self, secrets: Iterable[str | None], user_id: str | None = None) -> None:
        forms: set[str] = set()
        for secret in secrets:
            if not secret or len(secret) < 4:
                continue
            forms.update({secret, quote(secret, safe=""), base64.b64encode(secret.encode()).decode()})
            if user_id:
                pair = f"{user_id}:{secret}"
                forms.update({pair, quote(pair, safe=""), base64.b64encode(pair.encode()).decode()})
        self._forms = sorted(forms, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(f) for f in self._forms)) if self._forms else None

    def __call__(self, text: str) -> str:
        return self._pattern.sub(MASK, text) if self._pattern else text

    def scrub(self, value: Any) -> Any:
        """A copy of a decoded JSON value with every known secret form masked in its strings, keys included."""
        if self._pattern is None:
            return value
        if isinstance(value, str):
            return self(value)
        if isinstance(value, dict):
            return {(self(k) if isinstance(k, str) else k): self.scrub(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.scrub(v) for v in value]
        return value

    def __repr__(self) -> str:
        return f"Redactor({len(self._forms)} forms)"
