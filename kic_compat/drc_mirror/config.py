"""The DRC connection from the environment (KIC_DRC_URL, KIC_DRC_CLIENT_ID, KIC_DRC_SECRET).

The connection itself is an ExterneDienst, managed in the admin. The environment only gives
a deployment its default: after every `migrate` (the data step of a deploy), a DRC service is
created from these variables when no service has that API root yet. An existing service is
never overwritten, so a change made in the admin stays; to re-apply the environment, delete
the service in the admin and run `migrate` again.
"""

import logging

from django.conf import settings
from django.db import transaction

from klantenregister.core.models import ExterneDienst
from klantenregister.core.services import create_externe_dienst

logger = logging.getLogger(__name__)

NAAM = "DRC (KIC_DRC_URL)"


def drc_from_environment() -> ExterneDienst | None:
    """Create the DRC service of KIC_DRC_URL if it does not exist; returns the new one."""
    api_root = settings.KIC_DRC_URL
    if not api_root:
        return None
    if not settings.KIC_DRC_CLIENT_ID:
        logger.error("KIC_DRC_URL is set without KIC_DRC_CLIENT_ID; no DRC service created")
        return None
    if not api_root.endswith("/"):
        api_root += "/"
    with transaction.atomic():
        if ExterneDienst.objects.filter(api_root__in=[api_root, api_root[:-1]]).exists():
            return None
        naam = NAAM
        if ExterneDienst.objects.filter(naam=naam).exists():
            naam = f"{NAAM} {api_root}"[:200]
        dienst = create_externe_dienst(
            naam, api_root, settings.KIC_DRC_CLIENT_ID, settings.KIC_DRC_SECRET
        )
    logger.info("DRC service %s created from KIC_DRC_URL", api_root)
    return dienst


def on_post_migrate(sender, **kwargs) -> None:
    drc_from_environment()
