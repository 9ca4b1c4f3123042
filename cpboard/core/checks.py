from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security)
def mfa_required_in_production(app_configs, **kwargs):
    """The same rule as the refusal when settings load (cpboard/startup.py), which is what stops every way of
    starting, gunicorn included; this check also sees settings changed after loading, and lists the
    problem with the others in `manage.py check --deploy`."""
    if settings.PRODUCTION and not settings.MFA_REQUIRED:
        return [
            Error(
                "Multi-factor authentication is switched off (CPBOARD_MFA_REQUIRED=false) in production.",
                hint="Only a local demo may run without MFA. Remove CPBOARD_MFA_REQUIRED or set it to true.",
                id="cpboard.E001",
            )
        ]
    return []


@register()
def upload_storage_installed(app_configs, **kwargs):
    """CPBOARD_UPLOAD_STORAGE=s3 needs the [s3] extra; say so at start-up rather than at the first upload."""
    if settings.UPLOAD_STORAGE != "s3":
        return []
    try:
        import storages.backends.s3  # noqa: F401 - imports boto3 too
    except ImportError as error:
        return [
            Error(
                f"CPBOARD_UPLOAD_STORAGE=s3, but django-storages or boto3 is not installed ({error}).",
                hint="Install the S3 extra: pip install -e '.[s3]' (or pip install 'django-storages[s3]').",
                id="cpboard.E020",
            )
        ]
    return []
