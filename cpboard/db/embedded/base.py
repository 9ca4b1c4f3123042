"""Django's PostgreSQL backend, plus: start the embedded server on the first connection and use its details."""

from __future__ import annotations

from typing import Any

from django.db.backends.postgresql import base as postgresql

from cpboard.db import resolve


class DatabaseWrapper(postgresql.DatabaseWrapper):
    def get_connection_params(self) -> dict[str, Any]:
        # Fills HOST/PORT/USER into self.settings_dict (the settings' own dict for "default"), starting the
        # server if this process has not yet. Copies made before that (Django's _nodb_cursor) fill their own.
        resolve(self.settings_dict)
        return super().get_connection_params()
