"""Every write on the Partij family, one function per handling, each in one transaction.

Callers (API serializers, admin, management commands, higher apps) pass plain values and
model instances; the functions validate with the model rules (`full_clean`, which includes
the checks in validators.py and the database constraints) and raise Django's
ValidationError keyed by field, dotted for nested items (`partij_identificatoren.0.x`).

Each public function records exactly one event in the outbox, in its own transaction
(kanaal `partijen`, see apps.py and docs/events.md); bulk deletes record one per deleted
row. A function that does another one's work as part of its own handling (update_partij
syncing identificatoren, delete_partij removing them) calls the private `_` variant, which
records nothing: the handling's own event covers it.
"""

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from klantenregister.core.models import Nummerreeks
from klantenregister.events.services import DeelVanHandeling
from klantenregister.services import prefixed_errors, save_validated
from partijen.models import (
    ADRES_SUBFIELDS,
    CategorieRelatie,
    Contactpersoon,
    DigitaalAdres,
    Organisatie,
    Partij,
    PartijIdentificator,
    Persoon,
    Rekeningnummer,
    SoortPartij,
    Vertegenwoordigden,
)

PARTIJ_NUMMER_REEKS = "partij"

# A higher app (kic_compat) combines several of these functions into one handling of its own
# inside `with deel_van_handeling():`; `_record` then records nothing.
deel_van_handeling = DeelVanHandeling("partijen")
_record = deel_van_handeling.record


IDENTIFICATIE_MODELS = {
    SoortPartij.PERSOON: Persoon,
    SoortPartij.ORGANISATIE: Organisatie,
    SoortPartij.CONTACTPERSOON: Contactpersoon,
}


# --- Partij nummer ------------------------------------------------------------------------


def volgend_partij_nummer() -> str:
    """A free partij nummer; unique across concurrent transactions (see Nummerreeks)."""
    return Nummerreeks.volgend_vrij_nummer(PARTIJ_NUMMER_REEKS, Partij)


# --- Partij -----------------------------------------------------------------------------------


def _apply_adres(partij: Partij, prefix: str, adres: dict | None) -> None:
    adres = adres or {}
    for sub in ADRES_SUBFIELDS:
        default = None if sub == "huisnummer" else ""
        setattr(partij, f"{prefix}_{sub}", adres.get(sub, default))


def _replace_identificatie(partij: Partij, identificatie: dict | None) -> None:
    """Replace (not merge) the soort-specific sub-record, as the contract prescribes."""
    for model in IDENTIFICATIE_MODELS.values():
        model.objects.filter(partij=partij).delete()
    # Forget the cached (now deleted) sub-records, so the response shows the new one.
    for attr in ("persoon", "organisatie", "contactpersoon"):
        partij._state.fields_cache.pop(attr, None)
    data = dict(identificatie or {})
    model = IDENTIFICATIE_MODELS[partij.soort_partij]
    contactnaam = data.pop("contactnaam", None) or {}
    fields = {f"contactnaam_{key}": value for key, value in contactnaam.items()}
    if model is Organisatie:
        fields = {"naam": data.get("naam", "")}
    elif model is Contactpersoon:
        fields["werkte_voor_partij"] = data.get("werkte_voor_partij")
        if data.get("uuid"):
            fields["uuid"] = data["uuid"]
    sub = model(partij=partij, **fields)
    try:
        save_validated(sub, exclude=["partij"])
    except ValidationError as exc:
        raise prefixed_errors(exc, "partij_identificatie") from exc


def _link_owned(partij: Partij, model, items: list | None, voorkeur_field: str) -> None:
    list_key = "digitale_adressen" if model is DigitaalAdres else "rekeningnummers"
    try:
        with transaction.atomic():
            _link_owned_rows(partij, model, items, voorkeur_field)
    except IntegrityError as exc:
        # A concurrent write made the new set clash with a database constraint.
        raise ValidationError(
            {
                list_key: ValidationError(
                    "Deze objecten kunnen niet samen aan de partij gekoppeld worden.",
                    code="unique",
                )
            }
        ) from exc


def _link_owned_rows(partij: Partij, model, items: list | None, voorkeur_field: str) -> None:
    """Make exactly `items` the objects of `model` owned by the partij (ownership setter).

    Objects no longer listed are unlinked, not deleted. Objects taken over from another
    partij stop being that partij's voorkeur. For digitale adressen an unlinked address stops
    being a standaard adres (that needs a partij), and a standaard adres taken over replaces
    the partij's standaard adres of that soort, as saving a standaard adres does.
    """
    wanted = {obj.pk for obj in items or []}
    if model is DigitaalAdres:
        _check_unique_referenties(model.objects.filter(pk__in=wanted))
    unlinked = model.objects.filter(partij=partij).exclude(pk__in=wanted)
    if model is DigitaalAdres:
        _update_each(unlinked, partij=None, is_standaard_adres=False)
    else:
        _update_each(unlinked, partij=None)
    incoming = model.objects.filter(pk__in=wanted).exclude(partij=partij)
    _update_each(
        Partij.objects.exclude(pk=partij.pk).filter(
            **{f"{voorkeur_field}__in": incoming.values("pk")}
        ),
        **{voorkeur_field: None},
    )
    if model is DigitaalAdres:
        _claim_standaard_adressen(partij, [obj for obj in items or [] if obj.pk in wanted])
    _update_each(model.objects.filter(pk__in=wanted).exclude(partij=partij), partij=partij)


def _update_each(queryset, **changes) -> None:
    """`queryset.update(**changes)` row by row, so that each change is in the audit trail
    (simple-history sees saves, not bulk updates). The sets here are one partij's rows."""
    for obj in queryset:
        for field, value in changes.items():
            setattr(obj, field, value)
        obj.save(update_fields=list(changes))


def _check_unique_referenties(adressen) -> None:
    """The addresses a partij will own may not share a (referentie, soort) (spec §3.4)."""
    seen = set()
    for referentie, soort in adressen.exclude(referentie="").values_list(
        "referentie", "soort_digitaal_adres"
    ):
        if (referentie, soort) in seen:
            raise ValidationError(
                {
                    "digitale_adressen": ValidationError(
                        f"De velden partij, referentie, soortDigitaalAdres moeten een unieke set "
                        f"zijn: meer dan één {soort}-adres met referentie '{referentie}'.",
                        code="unique",
                    )
                }
            )
        seen.add((referentie, soort))


def _claim_standaard_adressen(partij: Partij, adressen: list[DigitaalAdres]) -> None:
    """Keep one standaard adres per soort when addresses of other partijen are linked.

    Of the listed addresses that arrive from elsewhere as standaard adres, the last one listed
    per soort stays standaard; the partij's other standaard adres of that soort is unset.
    """
    pks = [obj.pk for obj in adressen]
    position = {pk: index for index, pk in enumerate(pks)}
    arriving = DigitaalAdres.objects.filter(pk__in=pks, is_standaard_adres=True).exclude(
        partij=partij
    )
    winners: dict[str, int] = {}
    for adres in sorted(arriving, key=lambda obj: position[obj.pk]):
        winners[adres.soort_digitaal_adres] = adres.pk
    for soort, winner in winners.items():
        _update_each(
            DigitaalAdres.objects.filter(is_standaard_adres=True, soort_digitaal_adres=soort)
            .filter(Q(partij=partij) | Q(pk__in=pks))
            .exclude(pk=winner),
            is_standaard_adres=False,
        )


def _check_voorkeur(
    data: dict,
    *,
    key: str,
    list_key: str,
    partial: bool,
    partij: Partij | None,
    model,
    message_empty: str,
    message_linked: str,
) -> None:
    """The voorkeur must be one of the partij's objects: on POST one of the listed ones; on PUT
    one of the listed ones, and not with an empty list (its own message); on PATCH one of the
    listed ones if a list is sent, else one already linked. (partij is None on POST.)"""
    if key not in data or data[key] is None:
        return
    voorkeur = data[key]
    if list_key in data:
        listed = data[list_key] or []
        if not listed and not partial and partij is not None:
            raise ValidationError({key: ValidationError(message_empty, code="invalid")})
        if voorkeur.pk not in {obj.pk for obj in listed}:
            raise ValidationError({key: ValidationError(message_linked, code="invalid")})
    elif partij is None or not model.objects.filter(pk=voorkeur.pk, partij=partij).exists():
        raise ValidationError({key: ValidationError(message_linked, code="invalid")})


def _check_voorkeuren(data: dict, *, partial: bool, partij: Partij | None) -> None:
    _check_voorkeur(
        data,
        key="voorkeurs_digitaal_adres",
        list_key="digitale_adressen",
        partial=partial,
        partij=partij,
        model=DigitaalAdres,
        message_empty="voorkeursDigitaalAdres mag niet meegegeven worden als digitaleAdressen "
        "leeg is.",
        message_linked="Het voorkeurs adres moet een gelinkte digitaal adres zijn.",
    )
    _check_voorkeur(
        data,
        key="voorkeurs_rekeningnummer",
        list_key="rekeningnummers",
        partial=partial,
        partij=partij,
        model=Rekeningnummer,
        message_empty="voorkeursRekeningnummer mag niet meegegeven worden als rekeningnummers "
        "leeg is.",
        message_linked="Het voorkeurs rekeningnummer moet een gelinkte rekeningnummer zijn.",
    )


def _sync_identificatoren(partij: Partij, items: list[dict], *, creating: bool) -> None:
    """Create, update and (on update) delete the partij's identificatoren to match `items`.

    An item with a `uuid` updates that identificator; it must be one of this partij's (or one
    that belongs to no partij yet). An item without `uuid` creates a new identificator.
    """
    seen = set()
    for index, item in enumerate(items):
        uuid = item.get("uuid")
        if uuid is not None:
            if uuid in seen:
                raise ValidationError(
                    {
                        f"partij_identificatoren.{index}.uuid": ValidationError(
                            "Duplicaat uuid kan niet worden ingevoerd voor "
                            "`partij_identificatoren`.",
                            code="duplicated",
                        )
                    }
                )
            seen.add(uuid)
        if creating and item.get("partij") is not None:
            raise ValidationError(
                {
                    f"partij_identificatoren.{index}.identificeerde_partij": ValidationError(
                        "Het veld `identificeerde_partij` wordt automatisch ingesteld en dient "
                        "niet te worden opgegeven.",
                        code="invalid",
                    )
                }
            )
    existing = {
        obj.uuid: obj
        for obj in PartijIdentificator.objects.filter(uuid__in=seen).select_related(
            "sub_identificator_van"
        )
    }
    for index, item in enumerate(items):
        uuid = item.get("uuid")
        if uuid is None:
            continue
        obj = existing.get(uuid)
        if obj is None or obj.partij_id not in (None, partij.pk):
            raise ValidationError(
                {
                    f"partij_identificatoren.{index}.uuid": ValidationError(
                        "PartijIdentificator object bestaat niet (voor deze partij).",
                        code="does_not_exist",
                    )
                }
            )
    if not creating:
        try:
            _delete_partij_identificatoren(partij.partij_identificatoren.exclude(uuid__in=seen))
        except ValidationError as exc:
            raise prefixed_errors(exc, "partij_identificatoren") from exc
    for index, item in enumerate(items):
        data = {**item, "partij": partij}
        try:
            if item.get("uuid") is not None:
                _update_partij_identificator(existing[item["uuid"]], data)
            else:
                _create_partij_identificator(data)
        except ValidationError as exc:
            raise prefixed_errors(exc, f"partij_identificatoren.{index}") from exc


_PARTIJ_SCALARS = (
    "interne_notitie",
    "soort_partij",
    "indicatie_geheimhouding",
    "voorkeurstaal",
    "indicatie_actief",
)


@transaction.atomic
def create_partij(data: dict) -> Partij:
    """Register a partij with its identificatie, identificatoren and owned addresses."""
    _check_voorkeuren(data, partial=False, partij=None)
    partij = Partij(**{key: data[key] for key in _PARTIJ_SCALARS if key in data})
    partij.nummer = data.get("nummer") or volgend_partij_nummer()
    for prefix in ("bezoekadres", "correspondentieadres"):
        _apply_adres(partij, prefix, data.get(prefix))
    save_validated(partij, exclude=["voorkeurs_digitaal_adres", "voorkeurs_rekeningnummer"])
    _replace_identificatie(partij, data.get("partij_identificatie"))
    _link_owned(partij, DigitaalAdres, data.get("digitale_adressen"), "voorkeurs_digitaal_adres")
    _link_owned(partij, Rekeningnummer, data.get("rekeningnummers"), "voorkeurs_rekeningnummer")
    _sync_identificatoren(partij, data.get("partij_identificatoren") or [], creating=True)
    partij.voorkeurs_digitaal_adres = data.get("voorkeurs_digitaal_adres")
    partij.voorkeurs_rekeningnummer = data.get("voorkeurs_rekeningnummer")
    partij.save(update_fields=["voorkeurs_digitaal_adres", "voorkeurs_rekeningnummer"])
    _record(partij, "create")
    return partij


@transaction.atomic
def update_partij(partij: Partij, data: dict, *, partial: bool) -> Partij:
    """Change a partij. Keys left out stay as they are (PUT and PATCH alike, as the contract).

    A given `partijIdentificatie` replaces the sub-record; given lists replace what the partij
    owns (unlisted addresses are unlinked, unlisted identificatoren deleted).
    """
    partij = Partij.objects.select_for_update().get(pk=partij.pk)
    _check_voorkeuren(data, partial=partial, partij=partij)
    soort_changed = "soort_partij" in data and data["soort_partij"] != partij.soort_partij
    if (
        soort_changed
        and partij.soort_partij == SoortPartij.ORGANISATIE
        and Contactpersoon.objects.filter(werkte_voor_partij=partij).exists()
    ):
        # Contactpersonen must work for an organisatie (spec §3.1).
        raise ValidationError(
            {
                "soort_partij": ValidationError(
                    "Voor deze organisatie werken contactpersonen; het soort kan niet meer "
                    "veranderen.",
                    code="invalid",
                )
            }
        )
    for key in _PARTIJ_SCALARS:
        if key in data:
            setattr(partij, key, data[key])
    if "nummer" in data:
        partij.nummer = data["nummer"] or partij.nummer or volgend_partij_nummer()
    for prefix in ("bezoekadres", "correspondentieadres"):
        if prefix in data:
            _apply_adres(partij, prefix, data[prefix])
    if "digitale_adressen" in data:
        _link_owned(partij, DigitaalAdres, data["digitale_adressen"], "voorkeurs_digitaal_adres")
        if partij.voorkeurs_digitaal_adres_id and "voorkeurs_digitaal_adres" not in data:
            linked = {obj.pk for obj in data["digitale_adressen"] or []}
            if partij.voorkeurs_digitaal_adres_id not in linked:
                partij.voorkeurs_digitaal_adres = None
    if "rekeningnummers" in data:
        _link_owned(partij, Rekeningnummer, data["rekeningnummers"], "voorkeurs_rekeningnummer")
        if partij.voorkeurs_rekeningnummer_id and "voorkeurs_rekeningnummer" not in data:
            linked = {obj.pk for obj in data["rekeningnummers"] or []}
            if partij.voorkeurs_rekeningnummer_id not in linked:
                partij.voorkeurs_rekeningnummer = None
    if "voorkeurs_digitaal_adres" in data:
        partij.voorkeurs_digitaal_adres = data["voorkeurs_digitaal_adres"]
    if "voorkeurs_rekeningnummer" in data:
        partij.voorkeurs_rekeningnummer = data["voorkeurs_rekeningnummer"]
    save_validated(partij)
    if "partij_identificatie" in data or soort_changed:
        _replace_identificatie(partij, data.get("partij_identificatie"))
    # As in Open Klant, `partijIdentificatoren: null` leaves them as they are; [] deletes them.
    if data.get("partij_identificatoren") is not None:
        _sync_identificatoren(partij, data["partij_identificatoren"], creating=False)
    _record(partij, "update")
    return partij


@transaction.atomic
def delete_partij(partij: Partij) -> None:
    """Delete a partij with everything that cascades from it.

    Its own identificatoren may be scoped under each other (a vestigingsnummer under its KVK
    nummer); those go first, scoped ones before their parent. The delete is refused (400)
    when an identificator of another partij is still scoped under one of this partij's.
    One event: the partij's destroy (not one per cascaded row, nor the betrokkenen that
    klantcontacten detaches from it).
    """
    _delete_partij_identificatoren(PartijIdentificator.objects.filter(partij=partij))
    partij.delete()
    _record(partij, "destroy")


# --- PartijIdentificator -------------------------------------------------------------------

_IDENTIFICATOR_FIELDS = (
    "partij",
    "andere_partij_identificator",
    "partij_identificator_code_objecttype",
    "partij_identificator_code_soort_object_id",
    "partij_identificator_object_id",
    "partij_identificator_code_register",
    "sub_identificator_van",
)


@transaction.atomic
def create_partij_identificator(data: dict) -> PartijIdentificator:
    identificator = _create_partij_identificator(data)
    _record(identificator, "create")
    return identificator


@transaction.atomic
def update_partij_identificator(identificator: PartijIdentificator, data: dict):
    _update_partij_identificator(identificator, data)
    _record(identificator, "update")
    return identificator


@transaction.atomic
def delete_partij_identificator(identificator: PartijIdentificator) -> None:
    _delete_partij_identificator(identificator)
    _record(identificator, "destroy")


@transaction.atomic
def delete_partij_identificatoren(identificatoren) -> None:
    """Delete several identificatoren, scoped ones before their parent, so a KVK nummer can go
    together with the vestigingsnummers under it. One that still has sub-identificatoren
    outside the set is refused (ValidationError) and nothing is deleted. One destroy event
    per deleted identificator."""
    for identificator in _delete_partij_identificatoren(identificatoren):
        _record(identificator, "destroy")


def _create_partij_identificator(data: dict) -> PartijIdentificator:
    identificator = PartijIdentificator(
        **{key: data[key] for key in _IDENTIFICATOR_FIELDS if key in data}
    )
    save_validated(identificator)
    return identificator


def _update_partij_identificator(identificator: PartijIdentificator, data: dict):
    for key in _IDENTIFICATOR_FIELDS:
        if key in data:
            setattr(identificator, key, data[key])
    save_validated(identificator)
    return identificator


def _delete_partij_identificator(identificator: PartijIdentificator) -> None:
    if identificator.sub_identificatoren.exists():
        raise ValidationError(
            {
                NON_FIELD_ERRORS: ValidationError(
                    f"Identificator {identificator} heeft nog subidentificatoren en kan niet "
                    "verwijderd worden.",
                    code="protected",
                )
            }
        )
    identificator.delete()


def _delete_partij_identificatoren(identificatoren) -> list[PartijIdentificator]:
    """delete_partij_identificatoren without events; returns the deleted identificatoren.

    Runs in the caller's transaction, which a refusal rolls back as a whole."""
    remaining = list(identificatoren)
    deleted = []
    while remaining:
        pks = {obj.pk for obj in remaining}
        parents = set(
            PartijIdentificator.objects.filter(sub_identificator_van__in=pks).values_list(
                "sub_identificator_van", flat=True
            )
        )
        leaves = [obj for obj in remaining if obj.pk not in parents]
        # Without leaves every one is held from outside the set: the single delete refuses.
        for obj in leaves or remaining[:1]:
            _delete_partij_identificator(obj)
            deleted.append(obj)
        remaining = [obj for obj in remaining if obj.pk in parents]
    return deleted


# --- Simple resources: one create/update/delete each -----------------------------------------


def _create(model, data: dict, fields: Iterable[str]):
    obj = model(**{key: data[key] for key in fields if key in data})
    save_validated(obj)
    _record(obj, "create")
    return obj


def _update(obj, data: dict, fields: Iterable[str]):
    for key in fields:
        if key in data:
            setattr(obj, key, data[key])
    save_validated(obj)
    _record(obj, "update")
    return obj


_VERTEGENWOORDIGING_FIELDS = ("vertegenwoordigende_partij", "vertegenwoordigde_partij")
_CATEGORIE_RELATIE_FIELDS = ("partij", "categorie", "begin_datum", "eind_datum")
_REKENINGNUMMER_FIELDS = ("partij", "iban", "bic")
_DIGITAAL_ADRES_FIELDS = (
    "partij",
    "betrokkene",
    "adres",
    "soort_digitaal_adres",
    "is_standaard_adres",
    "omschrijving",
    "referentie",
    "verificatie_datum",
)


@transaction.atomic
def create_vertegenwoordiging(data: dict) -> Vertegenwoordigden:
    return _create(Vertegenwoordigden, data, _VERTEGENWOORDIGING_FIELDS)


@transaction.atomic
def update_vertegenwoordiging(obj: Vertegenwoordigden, data: dict) -> Vertegenwoordigden:
    return _update(obj, data, _VERTEGENWOORDIGING_FIELDS)


@transaction.atomic
def create_categorie(data: dict):
    from partijen.models import Categorie

    return _create(Categorie, data, ("naam",))


@transaction.atomic
def update_categorie(obj, data: dict):
    return _update(obj, data, ("naam",))


@transaction.atomic
def create_categorie_relatie(data: dict) -> CategorieRelatie:
    from django.utils import timezone

    data = {**data}
    if data.get("begin_datum") is None:
        data["begin_datum"] = timezone.localdate()
    return _create(CategorieRelatie, data, _CATEGORIE_RELATIE_FIELDS)


@transaction.atomic
def update_categorie_relatie(obj: CategorieRelatie, data: dict) -> CategorieRelatie:
    return _update(obj, data, _CATEGORIE_RELATIE_FIELDS)


@transaction.atomic
def create_rekeningnummer(data: dict) -> Rekeningnummer:
    return _create(Rekeningnummer, data, _REKENINGNUMMER_FIELDS)


@transaction.atomic
def update_rekeningnummer(obj: Rekeningnummer, data: dict) -> Rekeningnummer:
    return _update(obj, data, _REKENINGNUMMER_FIELDS)


def _unset_other_standaard(adres: DigitaalAdres) -> None:
    """At most one standaard adres per partij and soort: the newest one wins."""
    if adres.is_standaard_adres and adres.partij_id is not None:
        others = DigitaalAdres.objects.filter(
            partij_id=adres.partij_id,
            soort_digitaal_adres=adres.soort_digitaal_adres,
            is_standaard_adres=True,
        )
        if adres.pk is not None:
            others = others.exclude(pk=adres.pk)
        _update_each(others, is_standaard_adres=False)


@transaction.atomic
def create_digitaal_adres(data: dict) -> DigitaalAdres:
    adres = DigitaalAdres(**{key: data[key] for key in _DIGITAAL_ADRES_FIELDS if key in data})
    adres.clean()  # fail on the address itself before touching other rows
    _unset_other_standaard(adres)
    save_validated(adres)
    _record(adres, "create")
    return adres


@transaction.atomic
def update_digitaal_adres(adres: DigitaalAdres, data: dict) -> DigitaalAdres:
    for key in _DIGITAAL_ADRES_FIELDS:
        if key in data:
            setattr(adres, key, data[key])
    adres.clean()
    _unset_other_standaard(adres)
    save_validated(adres)
    _record(adres, "update")
    return adres


@transaction.atomic
def delete_object(obj) -> None:
    """Delete a row whose removal has no rule of its own (cascades follow the model)."""
    obj.delete()
    _record(obj, "destroy")
