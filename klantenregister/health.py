"""/health/: database and broker state as JSON, 200 when healthy, 503 when not.

The probes come from django-health-check; this module only adds the broker probe and the
JSON shape and status code that load balancers and orchestrators expect.
"""

import asyncio
import dataclasses

from django.conf import settings
from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


@dataclasses.dataclass
class Broker(HealthCheck):
    """Opens a connection to the Celery broker; with eager Celery there is nothing to reach."""

    def run(self):
        if settings.CELERY_TASK_ALWAYS_EAGER:
            return
        from klantenregister.celery import app

        try:
            # One quick retry, well within the check's own timeout: kombu's default first
            # retry interval (2 s) would make every probe of a down broker slow.
            # The URL from Django's settings: Celery's own `broker_url` prefers the
            # CELERY_BROKER_URL environment variable over any later configuration.
            with app.connection_for_write(
                url=settings.CELERY_BROKER_URL, connect_timeout=2
            ) as connection:
                connection.ensure_connection(
                    max_retries=1, interval_start=0.2, interval_step=0.2, timeout=3
                )
        except Exception as exc:  # kombu raises many kinds; all mean "unreachable"
            raise ServiceUnavailable("Broker niet bereikbaar") from exc

    def __repr__(self):
        return "Broker"


class HealthView(HealthCheckView):
    checks = (Database, Broker)

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            self.results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        return self.render_to_response_json(
            503 if any(result.error for result in self.results) else 200
        )

    def render_to_response_json(self, status):
        from django.http import JsonResponse

        checks = {
            ("database" if isinstance(r.check, Database) else "broker"): {
                "status": "error" if r.error else "ok",
                **({"error": str(r.error)} if r.error else {}),
            }
            for r in self.results
        }
        if settings.CELERY_TASK_ALWAYS_EAGER:
            checks["broker"]["mode"] = "eager"
        return JsonResponse(
            {"status": "ok" if status == 200 else "unhealthy", "checks": checks}, status=status
        )
