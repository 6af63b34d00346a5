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
