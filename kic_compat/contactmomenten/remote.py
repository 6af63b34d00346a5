"""The remote checks of the contactmomenten resources (spec §4.2 cm-003, §4.4 cm-005/cm-006),
on the shared helpers of kic_compat/api/remote.py."""

from kic_compat.api.remote import check_url, check_zaak_relatie

__all__ = ["check_url", "check_zaakcontactmoment"]


def check_zaakcontactmoment(zaak_url: str, contactmoment_url: str, *, expect_present: bool):
    """cm-006: `GET {zrc}/zaakcontactmomenten?zaak=&contactmoment=`."""
    check_zaak_relatie(
        "zaakcontactmomenten",
        zaak_url,
        expect_present=expect_present,
        noun="contactmoment",
        contactmoment=contactmoment_url,
    )
