"""The fake ZRC of the objectcontactmomenten checks: the shared fake remote API
(tests/kic/remote_api.py), which also plays the DRC and product service for verzoeken."""

from tests.kic.remote_api import FakeApi as FakeZrc

__all__ = ["FakeZrc"]
