"""The `cpboard.db.embedded` database backend: Django's PostgreSQL backend, talking to the embedded server,
which it starts on the first connection (see cpboard/db/__init__.py)."""
