"""Logging filter that keeps BSNs out of application logs.

Any 9-digit run that passes the 11-proef is replaced by `bsn:` and a short keyed hash (HMAC
with SECRET_KEY), so log lines about the same person can still be correlated without revealing
the number. A plain hash would not do: there are only about 10^8 valid BSNs, so anyone with the
logs could hash them all and look the number up.

The filter masks the formatted message, the arguments, the exception traceback and the stack
information. It renders the traceback into `record.exc_text` (masked), which the standard
Formatter prints instead of formatting `record.exc_info` again; `record.exc_info` itself stays,
so handlers that read the exception object directly are not covered. Values passed in `extra=`
are not inspected.
"""

import logging
import re
import secrets

from django.utils.crypto import salted_hmac
from stdnum.nl import bsn

_NINE_DIGITS = re.compile(r"(?<![0-9])[0-9]{9}(?![0-9])")
_SALT = "klantenregister.logging.mask_bsn"
# Only used when Django's settings are not configured (a script outside the project): masks
# still hide the number, they just do not correlate across processes.
_FALLBACK_KEY = secrets.token_hex(32)


def _key() -> str:
    from django.conf import settings

    try:
        return settings.SECRET_KEY or _FALLBACK_KEY
    except Exception:  # settings not configured
        return _FALLBACK_KEY


def mask_bsn(text: str) -> str:
    """`text` with every valid BSN replaced by `bsn:<10 hex characters>`."""

    def _replace(match: re.Match) -> str:
        value = match.group(0)
        if not bsn.is_valid(value):
            return value
        digest = salted_hmac(_SALT, value, secret=_key(), algorithm="sha256").hexdigest()
        return f"bsn:{digest[:10]}"

    return _NINE_DIGITS.sub(_replace, text)


def _mask_arg(value):
    # Only text is rewritten: a number stays a number so `%d` keeps working; a number that is
    # a BSN shows up in the formatted message, which is masked as a whole.
    return mask_bsn(value) if isinstance(value, str) else value


_formatter = logging.Formatter()


class MaskBsnFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            # Arguments that do not fit the format: the handler reports that itself. Mask the
            # raw parts so the error report does not print a BSN either.
            record.msg = mask_bsn(str(record.msg))
            record.args = self._masked_args(record.args)
        else:
            masked = mask_bsn(message)
            if masked != message:
                record.msg = masked
                record.args = None
            else:
                # Arguments the message did not use (or only partly) are still on the record
                # for handlers that send them separately.
                record.args = self._masked_args(record.args)

        if record.exc_info and not record.exc_text:
            record.exc_text = _formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_bsn(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_bsn(record.stack_info)
        return True

    @staticmethod
    def _masked_args(args):
        if isinstance(args, dict):
            return {key: _mask_arg(value) for key, value in args.items()}
        if isinstance(args, tuple):
            return tuple(_mask_arg(value) for value in args)
        return args
