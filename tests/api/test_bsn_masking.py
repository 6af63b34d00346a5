"""No valid BSN is written to application logs in plain text."""

import io
import logging
import re

import pytest

from klantenregister.logging import MaskBsnFilter, mask_bsn
from tests.factories import valid_bsn

INVALID_NINE_DIGITS = "123456789"  # fails the 11-proef
MASK = re.compile(r"bsn:[0-9a-f]{10}")


@pytest.fixture
def configured_log():
    """The stream of the console handler that settings.LOGGING puts on the root logger."""
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, MaskBsnFilter) for f in handler.filters)
    ]
    assert handlers, "settings.LOGGING must put MaskBsnFilter on the root logger's handler"
    handler = handlers[0]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    logger = logging.getLogger("tests.api.bsn")
    level = logger.level
    logger.setLevel(logging.INFO)
    yield logger, stream
    logger.setLevel(level)
    handler.setStream(previous)


def test_bsn_in_the_message_is_masked_by_the_configured_handler(configured_log):
    logger, stream = configured_log
    number = valid_bsn()

    logger.info(f"Partij met bsn {number} opgevraagd")

    written = stream.getvalue()
    assert number not in written
    assert MASK.search(written)


def test_bsn_in_the_arguments_is_masked(configured_log):
    logger, stream = configured_log
    number = valid_bsn()

    logger.info("Partij %s opgevraagd door %s", number, "client-1")
    logger.info("Nummer als getal: %d", int(number))
    logger.info("Als mapping: %(bsn)s", {"bsn": number})

    written = stream.getvalue()
    assert number not in written
    assert len(MASK.findall(written)) == 3
    assert "client-1" in written


def test_bsn_in_an_exception_traceback_is_masked(configured_log):
    logger, stream = configured_log
    number = valid_bsn()

    try:
        raise ValueError(f"Geen partij voor bsn {number}")
    except ValueError:
        logger.exception("Opvragen mislukt")

    written = stream.getvalue()
    assert "Traceback" in written and "ValueError" in written
    assert number not in written
    assert MASK.search(written)


def test_bsn_in_stack_info_is_masked(configured_log):
    logger, stream = configured_log

    # The stack shows this source line, BSN literal included.
    logger.info("zoeken naar 111222333"[:6], stack_info=True)

    written = stream.getvalue()
    assert "Stack (most recent call last)" in written
    assert "111222333" not in written
    assert MASK.search(written)


def test_invalid_nine_digit_number_is_left_alone(configured_log):
    logger, stream = configured_log

    logger.info("Zaaknummer %s", INVALID_NINE_DIGITS)

    assert f"Zaaknummer {INVALID_NINE_DIGITS}" in stream.getvalue()


def test_numbers_longer_or_shorter_than_nine_digits_are_left_alone():
    number = valid_bsn()

    assert mask_bsn(f"iban NL91ABNA0{number}1") == f"iban NL91ABNA0{number}1"
    assert mask_bsn(number[:8]) == number[:8]


def test_the_same_bsn_always_gets_the_same_mask_and_different_ones_differ():
    first, second = valid_bsn(), valid_bsn()

    assert mask_bsn(first) == mask_bsn(first)
    assert mask_bsn(first) != mask_bsn(second)


def test_mask_is_keyed_not_a_plain_hash_that_could_be_reversed():
    import hashlib

    number = valid_bsn()

    assert mask_bsn(number) != f"bsn:{hashlib.sha256(number.encode()).hexdigest()[:10]}"


def test_filter_keeps_every_record_and_masks_in_place():
    number = valid_bsn()
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "bsn %s", (number,), None)

    assert MaskBsnFilter().filter(record) is True
    assert number not in record.getMessage()
    assert record.args is None


def test_unused_arguments_are_masked_too():
    number = valid_bsn()
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "%(naam)s", ({"naam": "Jan", "bsn": number},), None
    )

    MaskBsnFilter().filter(record)

    assert record.getMessage() == "Jan"
    assert number not in str(record.args)


def test_arguments_that_do_not_fit_the_format_do_not_break_the_filter():
    number = valid_bsn()
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "bsn %d %d", (number,), None)

    assert MaskBsnFilter().filter(record) is True
    assert number not in str(record.args)


def test_exc_text_is_masked_when_a_formatter_already_rendered_it():
    number = valid_bsn()
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "fout", None, None)
    record.exc_text = f"Traceback ...\nKeyError: '{number}'"

    MaskBsnFilter().filter(record)

    assert number not in record.exc_text


@pytest.mark.parametrize("logger_name", ["", "django", "django.request", "django.server"])
def test_every_configured_handler_on_the_way_out_masks(logger_name):
    logger = logging.getLogger(logger_name)
    while logger is not None:
        for handler in logger.handlers:
            if type(handler).__module__.startswith("_pytest"):
                continue
            assert any(isinstance(f, MaskBsnFilter) for f in handler.filters), (
                logger.name,
                handler,
            )
        logger = logger.parent if logger.propagate else None
