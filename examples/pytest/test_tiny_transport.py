# SPDX-License-Identifier: MIT
"""The suite as pytest items, against the example transport of
adapters/python/examples (README: "From Python and pytest"):

    PYTHONPATH=adapters/python:adapters/python/examples python3 -m pytest examples/pytest
"""

from tiny_transport import make_transport

from wtkit.pytest_plugin import scenarios

test_tiny_transport = scenarios(make_transport)
