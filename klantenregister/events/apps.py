from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "klantenregister.events"
    label = "events"
    verbose_name = "Gebeurtenissen en notificaties"
