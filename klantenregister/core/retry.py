"""Shared pieces of the three retrying deliveries (events, berichten bezorging, the DRC mirror).

Each keeps its own jitter and settings; what they share is the doubling schedule and how a
remote error is stored for people reading the admin.
"""

# A receiver's whole error page is not worth keeping; the start of it says what went wrong.
ERROR_MAX_CHARS = 2000


def doubling_delay(attempts: int, base: float, maximum: float) -> float:
    """Seconds to wait after the `attempts`-th failure: `base`, doubling, capped at `maximum`."""
    return min(maximum, base * 2 ** max(attempts - 1, 0))


def readable_error(error: str) -> str:
    """`error` fit for a text column: PostgreSQL refuses NUL, and the length is capped."""
    error = error.replace("\x00", "\ufffd")
    if len(error) > ERROR_MAX_CHARS:
        error = error[: ERROR_MAX_CHARS - 1] + "…"
    return error
