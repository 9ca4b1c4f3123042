"""The upload storage: `storages["uploads"]` (settings.STORAGES), the only way uploaded files are read, written
or deleted. A local private folder by default, or an S3-compatible object store (CPBOARD_UPLOAD_STORAGE=s3)
when several app servers must see the same files (docs/several-servers.md).

`upload_storage` stands for it (see UploadStorage), so the StoredFile model can name it without choosing a
backend at import time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from django.core.files.storage import Storage, storages

UPLOADS = "uploads"


class UploadStorage(Storage):
    """Hands every call to `storages["uploads"]`, looked up at the time of the call: importing the models
    chooses no backend (so boto3 is imported only when an upload is first touched, and a missing [s3] extra is
    reported by system check cpboard.E020, not by an import traceback), and a test that changes
    settings.STORAGES gets the new backend."""

    @property
    def backend(self) -> Storage:
        return storages[UPLOADS]

    def open(self, name, mode="rb"):
        return self.backend.open(name, mode)

    def save(self, name, content, max_length=None):
        return self.backend.save(name, content, max_length=max_length)

    def delete(self, name):
        return self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def size(self, name):
        return self.backend.size(name)

    def url(self, name):
        return self.backend.url(name)

    def path(self, name):
        return self.backend.path(name)

    def get_valid_name(self, name):
        return self.backend.get_valid_name(name)

    def get_alternative_name(self, file_root, file_ext):
        return self.backend.get_alternative_name(file_root, file_ext)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.backend.generate_filename(filename)

    def get_accessed_time(self, name):
        return self.backend.get_accessed_time(name)

    def get_created_time(self, name):
        return self.backend.get_created_time(name)

    def get_modified_time(self, name):
        return self.backend.get_modified_time(name)


upload_storage = UploadStorage()


def get_upload_storage() -> Storage:
    """For FileField(storage=...): a callable keeps the backend out of the migrations."""
    return upload_storage


def stored_names(storage: Storage | None = None, folder: str = "") -> Iterator[str]:
    """Every file's name in the storage, walking its folders (works for local folders and object stores)."""
    storage = storage or upload_storage
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local upload folder nobody has written to yet
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


def sha256_of(name: str, storage: Storage | None = None) -> tuple[str, int]:
    """(SHA-256 hex digest, size in bytes) of a stored file, read in chunks."""
    storage = storage or upload_storage
    digest, size = hashlib.sha256(), 0
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size
