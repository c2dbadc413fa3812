"""Names derived from the doc that every output shares: section ids."""

from __future__ import annotations

import re
import unicodedata


def snake_case(text: str) -> str:
    """`Backend API Database Migrations` -> `backend_api_database_migrations`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", ascii_text)
    return re.sub(r"[^a-z0-9]+", "_", spaced.lower()).strip("_")
