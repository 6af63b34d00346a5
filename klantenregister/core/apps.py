from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "klantenregister.core"
    label = "core"
    verbose_name = "KlantenRegister beheer"

    def ready(self):
        from celery.signals import task_postrun, task_prerun
        from simple_history.signals import pre_create_historical_record

        from klantenregister.core import history

        pre_create_historical_record.connect(history.stamp_actor, dispatch_uid="core.stamp_actor")
        # Changes made by a Celery task are attributed to "taak <name>".
        task_prerun.connect(history.task_started, dispatch_uid="core.history.task_prerun")
        task_postrun.connect(history.task_finished, dispatch_uid="core.history.task_postrun")
