"""System checks on the first-generation (KIC) settings: a wrong value stops every
`manage.py` command with a clear message instead of surfacing as odd data later."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from stdnum.nl import bsn

# An RSIN has the same 9-digit 11-proef as a BSN.
SOORTEN_PARTIJ = ("persoon", "organisatie", "contactpersoon")
NOTIFICATIE_KANALEN = ("v1", "first-gen")
PROFILES = ("openklant1", "commongateway")


def is_valid_rsin(value: str) -> bool:
    return len(value) == 9 and value.isdigit() and bsn.is_valid(value)


@register(Tags.compatibility)
def check_kic_settings(app_configs=None, **kwargs):
    errors = []
    value = settings.KIC_DEFAULT_BRONORGANISATIE
    if not is_valid_rsin(value):
        errors.append(
            Error(
                f"KIC_DEFAULT_BRONORGANISATIE={value!r} is geen geldig RSIN.",
                hint="Negen cijfers die de 11-proef doorstaan, bv. het RSIN van de gemeente.",
                id="kic.E001",
            )
        )
    if settings.KIC_DEFAULT_SOORT_PARTIJ not in SOORTEN_PARTIJ:
        errors.append(
            Error(
                f"KIC_DEFAULT_SOORT_PARTIJ={settings.KIC_DEFAULT_SOORT_PARTIJ!r} is ongeldig.",
                hint=f"Een van: {', '.join(SOORTEN_PARTIJ)}.",
                id="kic.E003",
            )
        )
    if settings.KIC_NOTIFICATIE_KANALEN not in NOTIFICATIE_KANALEN:
        errors.append(
            Error(
                f"KIC_NOTIFICATIE_KANALEN={settings.KIC_NOTIFICATIE_KANALEN!r} is ongeldig.",
                hint=f"Een van: {', '.join(NOTIFICATIE_KANALEN)}.",
                id="kic.E004",
            )
        )
    unknown = sorted(set(settings.KIC_PROFILES) - set(PROFILES))
    if unknown:
        errors.append(
            Error(
                f"KIC_PROFILES bevat onbekende profielen: {', '.join(unknown)}.",
                hint=f"Toegestaan: {', '.join(PROFILES)}.",
                id="kic.E005",
            )
        )
    if len(settings.KIC_ZAAK_IDENTIFICATOR) != 3:
        errors.append(
            Error(
                "KIC_ZAAK_IDENTIFICATOR moet drie waarden hebben: "
                "codeObjecttype,codeRegister,codeSoortObjectId (standaard zaak,openzaak,uuid).",
                id="kic.E006",
            )
        )
    template = settings.KIC_ZAAK_URL_TEMPLATE
    if template and "{objectId}" not in template:
        errors.append(
            Error(
                "KIC_ZAAK_URL_TEMPLATE moet '{objectId}' bevatten.",
                hint="Bv. https://zaken.gemeente.nl/zaken/api/v1/zaken/{objectId}",
                id="kic.E007",
            )
        )
    if (
        settings.KIC_DRC_MIRROR_MAX_ATTEMPTS < 1
        or settings.KIC_DRC_MIRROR_RETRY_BASE_SECONDS <= 0
        or settings.KIC_DRC_MIRROR_RETRY_MAX_SECONDS < settings.KIC_DRC_MIRROR_RETRY_BASE_SECONDS
    ):
        errors.append(
            Error(
                "KIC_DRC_MIRROR_MAX_ATTEMPTS moet minstens 1 zijn, "
                "KIC_DRC_MIRROR_RETRY_BASE_SECONDS positief en "
                "KIC_DRC_MIRROR_RETRY_MAX_SECONDS niet kleiner dan de basis.",
                id="kic.E009",
            )
        )
    if settings.KIC_DRC_URL and not settings.KIC_DRC_URL.startswith(("http://", "https://")):
        errors.append(
            Error(
                f"KIC_DRC_URL={settings.KIC_DRC_URL!r} is geen http(s)-URL.",
                hint="De API-root van de Documenten API, bv. https://drc.gemeente.nl/api/v1.",
                id="kic.E010",
            )
        )
    if settings.JWT_EXPIRY <= 0 or settings.JWT_LEEWAY < 0:
        errors.append(
            Error(
                "JWT_EXPIRY moet positief zijn en JWT_LEEWAY niet negatief.",
                id="kic.E008",
            )
        )
    return errors


@register(Tags.compatibility, deploy=True)
def check_kic_bronorganisatie_set(app_configs=None, **kwargs):
    """`check --deploy`: production must name its own bronorganisatie, not the demo one."""
    if settings.KIC_DEFAULT_BRONORGANISATIE_IS_DEMO and not settings.DEBUG:
        return [
            Error(
                "KIC_DEFAULT_BRONORGANISATIE is niet gezet; de eerste-generatie API toont dan "
                f"de demo-bronorganisatie {settings.KIC_DEMO_BRONORGANISATIE}.",
                hint="Zet KIC_DEFAULT_BRONORGANISATIE op het RSIN van de organisatie.",
                id="kic.E002",
            )
        ]
    return []


@register(Tags.compatibility, deploy=True)
def check_kic_drc_site_url(app_configs=None, **kwargs):
    """`check --deploy`: the verzoek URLs the DRC mirror sends (kic-001) come from SITE_URL
    outside an API request (admin, commands); without it they would name localhost."""
    if settings.KIC_DRC_URL and not settings.SITE_URL:
        return [
            Warning(
                "KIC_DRC_URL is gezet maar SITE_URL niet: relaties die in de admin of met een "
                "commando ontstaan, gaan met een verzoek-URL op http://localhost:8000 naar de DRC.",
                hint="Zet SITE_URL op het publieke adres van het klantenregister.",
                id="kic.W001",
            )
        ]
    return []
