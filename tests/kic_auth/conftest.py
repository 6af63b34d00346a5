from tests.admin.conftest import staff  # noqa: F401 (the admin tests' logged-in superuser)
