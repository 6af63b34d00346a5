from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "klantenregister.core"
    label = "core"
    verbose_name = "KlantenRegister beheer"

    def ready(self):
        from celery.signals import task_postrun, task_prerun
        from simple_history.signals import pre_create_historical_record

        from klantenregister.core import checks, history  # noqa: F401 (checks registers)

        pre_create_historical_record.connect(history.stamp_actor, dispatch_uid="core.stamp_actor")
        # Changes made by a Celery task are attributed to "taak <name>".
        task_prerun.connect(history.task_started, dispatch_uid="core.history.task_prerun")
        task_postrun.connect(history.task_finished, dispatch_uid="core.history.task_postrun")

        _announce_demo_bronorganisatie()


def _announce_demo_bronorganisatie() -> None:
    """`make run` without KIC_DEFAULT_BRONORGANISATIE: say once which demo value is used (in the
    process that serves, not in runserver's autoreload parent nor in other commands)."""
    import os
    import sys

    from django.conf import settings

    if not (settings.DEBUG and settings.KIC_DEFAULT_BRONORGANISATIE_IS_DEMO):
        return
    if "runserver" not in sys.argv or os.environ.get("RUN_MAIN") != "true":
        return
    sys.stderr.write(
        "KIC_DEFAULT_BRONORGANISATIE is niet gezet: /api/kic/v1 gebruikt de demo-bronorganisatie "
        f"{settings.KIC_DEMO_BRONORGANISATIE}.\n"
    )
