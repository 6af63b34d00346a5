from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "klantenregister.core"
    label = "core"
    verbose_name = "KlantenRegister beheer"
