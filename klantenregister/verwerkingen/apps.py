from django.apps import AppConfig


class VerwerkingenConfig(AppConfig):
    name = "klantenregister.verwerkingen"
    label = "verwerkingen"
    verbose_name = "Verwerkingenlogging"
