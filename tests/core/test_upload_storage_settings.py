"""The upload storage is chosen by environment: a private local folder by default, or an S3-compatible object
store (CPBOARD_UPLOAD_STORAGE=s3, the [s3] extra) whose library is imported only when chosen."""

from __future__ import annotations

import json

from tests.security.support import run_python

S3_ENV = {
    "CPBOARD_UPLOAD_STORAGE": "s3",
    "CPBOARD_S3_BUCKET": "council-cpboard",
    "CPBOARD_S3_ENDPOINT_URL": "https://objects.example.gov.uk",
    "CPBOARD_S3_REGION": "eu-west-2",
    "CPBOARD_S3_ACCESS_KEY_ID": "key-id",
    "CPBOARD_S3_SECRET_ACCESS_KEY": "not-a-real-secret",
    "CPBOARD_S3_ENCRYPTION": "AES256",
}

PRINT_UPLOADS = """
import json, sys
import cpboard.settings as s
print(json.dumps({"uploads": s.STORAGES["uploads"], "boto3": "boto3" in sys.modules}, default=str))
"""


def test_s3_is_selected_by_environment_without_importing_boto3_at_settings_time():
    result = run_python(PRINT_UPLOADS, S3_ENV)
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    uploads = printed["uploads"]
    assert uploads["BACKEND"] == "storages.backends.s3.S3Storage"
    assert uploads["OPTIONS"]["bucket_name"] == "council-cpboard"
    assert uploads["OPTIONS"]["endpoint_url"] == "https://objects.example.gov.uk"
    assert uploads["OPTIONS"]["region_name"] == "eu-west-2"
    assert uploads["OPTIONS"]["default_acl"] == "private"
    assert uploads["OPTIONS"]["querystring_auth"] is True
    assert uploads["OPTIONS"]["file_overwrite"] is False
    assert uploads["OPTIONS"]["object_parameters"] == {"ServerSideEncryption": "AES256"}
    assert printed["boto3"] is False


def test_the_local_default_imports_no_s3_library():
    result = run_python(PRINT_UPLOADS, {"CPBOARD_UPLOAD_STORAGE": ""})
    assert result.returncode != 0  # an empty value is not a choice
    result = run_python(PRINT_UPLOADS, {"CPBOARD_UPLOAD_STORAGE": "local", "CPBOARD_UPLOAD_ROOT": "/srv/up"})
    uploads = json.loads(result.stdout)["uploads"]
    assert uploads["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert uploads["OPTIONS"]["location"] == "/srv/up"


def test_choosing_s3_without_the_extra_installed_stops_start_up_with_a_clear_message():
    code = """
import sys
sys.modules["storages"] = None  # as if the [s3] extra were not installed
import django
django.setup()
from django.core.management import call_command
call_command("check")
"""
    result = run_python(code, S3_ENV)
    assert result.returncode != 0
    assert "cpboard.E020" in result.stderr
    assert "pip install -e '.[s3]'" in result.stderr


def test_an_unknown_upload_storage_is_refused():
    result = run_python(PRINT_UPLOADS, {"CPBOARD_UPLOAD_STORAGE": "ftp"})
    assert result.returncode != 0
    assert "CPBOARD_UPLOAD_STORAGE must be 'local' or 's3'" in result.stderr
