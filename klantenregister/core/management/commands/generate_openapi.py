"""Write docs/api/<api>.yaml for every API from the code, or check the committed files."""

import difflib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import RequestFactory
from django.urls import reverse

from klantenregister.api.versions import APIS

OUTPUT_DIR = Path(settings.BASE_DIR) / "docs" / "api"


def render_schema(name: str) -> str:
    """The schema exactly as the running app serves it at <api>/schema/openapi.yaml."""
    from django.urls import resolve

    path = reverse(f"{name}:schema")
    view = resolve(path).func
    request = RequestFactory().get(path, HTTP_ACCEPT="application/vnd.oai.openapi")
    response = view(request)
    response.render()
    return response.content.decode()


class Command(BaseCommand):
    help = "Generate the committed OpenAPI files (docs/api/<api>.yaml); --check reports drift."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if a file is outdated.")

    def handle(self, *args, check: bool, **options):
        drift = []
        for name in APIS:
            target = OUTPUT_DIR / f"{name}.yaml"
            content = render_schema(name)
            if check:
                current = target.read_text() if target.exists() else ""
                if current != content:
                    diff = difflib.unified_diff(
                        current.splitlines(),
                        content.splitlines(),
                        str(target),
                        "generated",
                        lineterm="",
                        n=1,
                    )
                    drift.append("\n".join(list(diff)[:60]))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(content)
                self.stdout.write(f"wrote {target.relative_to(settings.BASE_DIR)}")
        if drift:
            self.stderr.write("\n\n".join(drift))
            raise CommandError("OpenAPI files differ from the code; run `make openapi`.")
        if check:
            self.stdout.write("OpenAPI files are up to date.")
