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
