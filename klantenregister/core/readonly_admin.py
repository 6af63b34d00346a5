"""Admin screens over rows that only the application writes (logs, counters, the outbox)."""


class ReadOnlyAdminMixin:
    """No adding, changing or deleting by hand; for ModelAdmins and inlines alike."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
