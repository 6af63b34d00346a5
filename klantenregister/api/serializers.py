"""Shared serializer pieces: the error bodies for the schema, gegevensgroepen, service writes."""

from django.db import models
from rest_framework import serializers

from klantenregister.api.fields import StrictCharField, StrictDateTimeField


class FieldValidationErrorSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Naam van het veld (camelCase, met punten genest).")
    code = serializers.CharField(help_text="Systeemcode die het soort fout aangeeft.")
    reason = serializers.CharField(help_text="Uitleg wat er precies fout is.")


class FoutSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="URI-referentie naar het type fout.")
    code = serializers.CharField(help_text="Systeemcode die het type fout aangeeft.")
    title = serializers.CharField(help_text="Generieke titel voor het type fout.")
    status = serializers.IntegerField(help_text="De HTTP-statuscode.")
    detail = serializers.CharField(help_text="Extra informatie bij de fout, indien beschikbaar.")
    instance = serializers.CharField(help_text="URI met referentie naar dit specifieke voorval.")


class ValidatieFoutSerializer(FoutSerializer):
    invalid_params = FieldValidationErrorSerializer(many=True)


class PrefixedGroupSerializer(serializers.Serializer):
    """A gegevensgroep (adres, contactnaam) stored flattened on the model under a prefix.

    Read from `<prefix>_<field>` attributes of the object; written as a plain dict under the
    field's own name, for the service to store.
    """

    def __init__(self, *args, prefix: str, **kwargs):
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        return {
            name: field.to_representation(value)
            if (value := getattr(instance, f"{self.prefix}_{name}")) is not None
            else None
            for name, field in self.fields.items()
        }


class ServiceModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose writes go through the app's service functions.

    Subclasses set `create_service(data)` and `update_service(instance, data)`; uniqueness and
    cross-field rules are left to the service (model validation), so Meta.validators is empty.
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.DateTimeField: StrictDateTimeField,
    }
    create_service = None
    update_service = None

    def create(self, validated_data):
        return type(self).create_service(validated_data)

    def update(self, instance, validated_data):
        return type(self).update_service(instance, validated_data)
