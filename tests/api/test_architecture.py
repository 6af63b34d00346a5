"""Dependency direction between the apps is one way (docs: ARCHITECTURE, "Dependency direction").

klantenregister ← partijen ← klantcontacten ← taken, berichten ← kic_compat

An app may import itself and apps of a lower layer, never an app of its own layer or a higher
one. Imports are read with `ast` from every .py file, including imports inside functions, so
a "lazy" import does not get around the rule; a lazy *string* reference (a model label or a
dotted path given to import_string) is the sanctioned way to point upwards.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

LAYERS: dict[str, int] = {
    "klantenregister": 0,
    "partijen": 1,
    "klantcontacten": 2,
    "taken": 3,
    "berichten": 3,
    "kic_compat": 4,
}

# Top-level packages that are not apps of the product.
NOT_APPS = {"tests", "bench", "docs"}


def project_packages() -> list[str]:
    """Every top-level Python package of the repository, so a new app is checked at once."""
    return sorted(
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in NOT_APPS and not path.parent.name.startswith(".")
    )


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, *, is_package: bool) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in `source`, relative ones resolved."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                base = package[: len(package) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
    return found


def violations_in(source: str, module: str, *, is_package: bool = False) -> list[str]:
    app = module.split(".")[0]
    problems = []
    for line, target in imported_modules(source, module, is_package=is_package):
        other = target.split(".")[0]
        if other == app or other not in LAYERS:
            continue
        if LAYERS[other] >= LAYERS[app]:
            problems.append(f"{module}:{line} imports {target}")
    return problems


def test_every_app_in_the_repository_has_a_layer():
    unplaced = [name for name in project_packages() if name not in LAYERS]

    assert not unplaced, f"Give these packages a place in LAYERS: {unplaced}"


def test_every_installed_project_app_has_a_layer():
    local = {
        app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app.split(".")[0]).is_dir()
    }

    assert local <= LAYERS.keys(), local - LAYERS.keys()
    assert {"klantenregister", "partijen"} <= local


@pytest.mark.parametrize("app", project_packages())
def test_app_imports_only_itself_and_lower_layers(app):
    files = sorted((ROOT / app).rglob("*.py"))
    assert files

    problems = []
    for path in files:
        problems.extend(
            violations_in(
                path.read_text(encoding="utf-8"),
                module_name(path),
                is_package=path.name == "__init__.py",
            )
        )

    assert not problems, "\n".join(problems)


# --- the checker itself -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("klantenregister.api.views", "import partijen.models"),
        ("klantenregister.api.views", "from partijen.api import serializers"),
        ("partijen.services", "def f():\n    from klantcontacten.models import Betrokkene"),
        ("taken.services", "from berichten import services"),
        ("klantcontacten.models", "from kic_compat.models import Verzoek"),
    ],
)
def test_checker_catches_an_upward_or_sideways_import(module, source):
    assert violations_in(source, module)


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("partijen.services", "from klantenregister.core.models import Nummerreeks"),
        ("partijen.api.views", "from . import serializers\nfrom ..models import Partij"),
        ("kic_compat.views", "from taken.models import InterneTaak\nimport berichten"),
        ("klantenregister.urls", "x = 'partijen.api.urls'\nimport django"),
    ],
)
def test_checker_allows_own_and_lower_imports_and_string_references(module, source):
    assert violations_in(source, module) == []


def test_relative_imports_are_resolved_against_the_module():
    found = imported_modules("from ..models import Partij", "partijen.api.views", is_package=False)

    assert found == [(1, "partijen.models")]
