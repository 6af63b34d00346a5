from django.apps import AppConfig


class KlantcontactenConfig(AppConfig):
    name = "klantcontacten"
    verbose_name = "Klantcontacten"

    def ready(self):
        from django.db.models.signals import pre_delete

        from partijen.models import Partij

        # The foreign key from betrokkene to partij lives here, so the rule for deleting a
        # partij that took part in klantcontacten lives here too (partijen cannot know it).
        pre_delete.connect(_detach_betrokkenen, sender=Partij, dispatch_uid="kc.detach_partij")


def _detach_betrokkenen(sender, instance, **kwargs):
    from klantcontacten.services import detach_partij

    detach_partij(instance)
