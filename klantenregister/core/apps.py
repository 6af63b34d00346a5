from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "klantenregister.core"
    label = "core"
    verbose_name = "KlantenRegister beheer"

    def ready(self):
        from simple_history.signals import pre_create_historical_record

        from klantenregister.core.history import stamp_actor

        pre_create_historical_record.connect(stamp_actor, dispatch_uid="core.stamp_actor")
