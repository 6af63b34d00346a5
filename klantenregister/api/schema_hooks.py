"""Post-processing of the generated OpenAPI documents."""

# Polymorphic groups whose variants have no required property that tells them apart: a
# persoon's partijIdentificatie also fits the Contactpersoon shape, so `oneOf` (exactly one)
# would reject valid responses. `anyOf` states what the API guarantees.
ANY_OF_COMPONENTS = ("PartijIdentificatie",)


def polymorphic_any_of(result, generator, request, public):
    schemas = result.get("components", {}).get("schemas", {})
    for name in ANY_OF_COMPONENTS:
        schema = schemas.get(name)
        if schema and "oneOf" in schema:
            schema["anyOf"] = schema.pop("oneOf")
    return result


def constrain_discriminators(result, generator, request, public):
    """Each variant of a discriminated `oneOf` accepts only its own discriminator value.

    drf-spectacular gives every variant the shared enum (all soorten), so a medewerker would
    also be a valid organisatorische eenheid and `oneOf` (exactly one) would fail; with the
    value pinned per variant, exactly one variant matches.
    """
    schemas = result.get("components", {}).get("schemas", {})
    prefix = "#/components/schemas/"
    for schema in list(schemas.values()):
        discriminator = schema.get("discriminator") or {}
        prop = discriminator.get("propertyName")
        for value, ref in (discriminator.get("mapping") or {}).items():
            variant = schemas.get(ref.removeprefix(prefix), {})
            current = variant.get("properties", {}).get(prop)
            if current is not None and "enum" not in current:
                variant["properties"][prop] = {"allOf": [current], "enum": [value]}
    return result
