from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security)
def mfa_required_in_production(app_configs, **kwargs):
    """Runs with every command (runserver, migrate, check --deploy), so production will not start without MFA."""
    if settings.PRODUCTION and not settings.MFA_REQUIRED:
        return [
            Error(
                "Multi-factor authentication is switched off (CPBOARD_MFA_REQUIRED=false) in production.",
                hint="Only a local demo may run without MFA. Remove CPBOARD_MFA_REQUIRED or set it to true.",
                id="cpboard.E001",
            )
        ]
    return []
