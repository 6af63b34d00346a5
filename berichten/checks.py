"""System checks of the delivery configuration: a wrong BERICHTEN_KANAAL_BACKENDS stops the
server and every manage.py command at start-up, instead of failing each publication."""

from django.conf import settings
from django.core.checks import Error
from django.utils.module_loading import import_string


def check_kanaal_backends(app_configs=None, **kwargs) -> list[Error]:
    from berichten.kanalen import KanaalBackend

    errors = []
    for kanaal, path in settings.BERICHTEN_KANAAL_BACKENDS.items():
        if not path:
            continue  # switched off
        try:
            backend = import_string(path)
        except ImportError as exc:
            errors.append(
                Error(
                    f"BERICHTEN_KANAAL_BACKENDS: the backend of kanaal {kanaal!r} cannot be "
                    f"imported: {path} ({exc}).",
                    id="berichten.E001",
                )
            )
            continue
        if not (isinstance(backend, type) and issubclass(backend, KanaalBackend)):
            errors.append(
                Error(
                    f"BERICHTEN_KANAAL_BACKENDS: {path} (kanaal {kanaal!r}) is not a "
                    "berichten.kanalen.KanaalBackend.",
                    id="berichten.E002",
                )
            )
    return errors
