"""Logging filter that keeps BSNs out of application logs.

Any 9-digit run that passes the 11-proef is replaced by a short keyed hash, so log lines about
the same person can still be correlated without revealing the number.
"""

import hashlib
import logging
import re

from stdnum.nl import bsn

_NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")


def mask_bsn(text: str) -> str:
    def _replace(match: re.Match) -> str:
        value = match.group(0)
        if not bsn.is_valid(value):
            return value
        digest = hashlib.sha256(value.encode()).hexdigest()[:10]
        return f"bsn:{digest}"

    return _NINE_DIGITS.sub(_replace, text)


class MaskBsnFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_bsn(message)
        if masked != message:
            record.msg = masked
            record.args = None
        return True
