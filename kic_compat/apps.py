from django.apps import AppConfig


class KicCompatConfig(AppConfig):
    name = "kic_compat"
    verbose_name = "Eerste generatie (KIC)"
