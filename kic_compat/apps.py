from django.apps import AppConfig


class KicCompatConfig(AppConfig):
    name = "kic_compat"
    verbose_name = "Eerste generatie (KIC)"

    def ready(self):
        from kic_compat.contactmomenten import events as contactmomenten_events
        from kic_compat.contactmomenten import signals as contactmomenten_signals
        from kic_compat.klanten import events as klanten_events
        from kic_compat.verzoeken import events as verzoeken_events

        contactmomenten_events.register()
        contactmomenten_signals.connect()
        klanten_events.register()
        verzoeken_events.register()

        from django.db.models.signals import post_migrate

        from kic_compat.drc_mirror import config as drc_config
        from kic_compat.drc_mirror import signals as drc_mirror_signals

        drc_mirror_signals.connect()
        post_migrate.connect(drc_config.on_post_migrate, sender=self, dispatch_uid="kic001.env")
