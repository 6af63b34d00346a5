"""Field rules of berichten (spec/berichten.md §2), raising Django's ValidationError so the
model, the admin, the API and the services share them."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

# 10 MB per bijlage [ext]: a Berichtenbox PDF stays well below it.
BIJLAGE_MAX_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"

validate_bericht_leverancier_id = RegexValidator(
    r"^\d{20}$",
    message="Het berichtLeverancierID is een OIN van precies 20 cijfers.",
    code="invalid",
)


def validate_pdf_content(content: bytes) -> None:
    """A bijlage of type Pdf holds a PDF document, at most BIJLAGE_MAX_BYTES."""
    if not content:
        raise ValidationError("De bijlage is leeg.", code="empty")
    if len(content) > BIJLAGE_MAX_BYTES:
        raise ValidationError(
            f"De bijlage is groter dan {BIJLAGE_MAX_BYTES // (1024 * 1024)} MB.", code="too_large"
        )
    # A PDF starts with "%PDF-"; readers accept up to 1024 bytes of junk before it.
    if PDF_MAGIC not in content[:1024]:
        raise ValidationError("De bijlage is geen PDF-document.", code="not_pdf")
