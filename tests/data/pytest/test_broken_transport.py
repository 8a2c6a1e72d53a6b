# SPDX-License-Identifier: MIT
"""The broken transport's scenarios as pytest items (tests/python_api.py):
the items of the scenarios that drain a paused buffer fail."""

from broken_transport import make_broken

from wtkit.pytest_plugin import scenarios

test_broken_transport = scenarios(make_broken)
