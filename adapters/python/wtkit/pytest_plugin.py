# SPDX-License-Identifier: MIT
"""pytest: one test item per wtkit scenario, named after it.

    # test_my_transport.py
    from wtkit.pytest_plugin import scenarios
    from my_package import make_transport      # factory(loop, sock, protocol, *, flavor=None)

    test_my_transport = scenarios(make_transport)

`pytest -k WT-WRITE`, `-x`, `--junitxml` and (python3-pytest-xdist) `-n 2`
behave as for any parametrized test: the items are
`test_my_transport[WT-WRITE-DELIVERS]`, ... A scenario the transport cannot
pose is skipped with the kit's reason; a failing one fails with its FAILs
(event, reason, evidence), the events up to the first and its replay line.
The suite runs once per process, on the first item (each scenario in the
transport's own interpreter, in process), and the items read its outcome.

Loaded with `-p wtkit.pytest_plugin` (or `pytest_plugins = [...]`), the
module also puts the wtkit command and version in pytest's header.
"""

import os
import subprocess

import pytest

import wtkit

_FAILING = ('FAIL', 'HANG', 'NONDETERMINISTIC', 'ERROR', 'CRASH')


def _names(paths):
    if paths:
        return [os.path.basename(str(p))[:-4] for p in paths]
    suite = wtkit._scenarios_dir()
    if suite is None:
        raise wtkit.WtkitError('the scenario suite was not found beside the wtkit package')
    return sorted(f[:-4] for f in os.listdir(suite) if f.endswith('.wts'))


def scenarios(factory, profile='docs', **kwargs):
    """A test function parametrized over the suite's scenarios (or
    kwargs['scenarios'], .wts paths), checking factory's transport under
    profile. Other keywords are wtkit.run's."""
    names = _names(kwargs.get('scenarios'))
    cache = {}

    def outcome():
        if 'outcome' not in cache:
            cache['outcome'] = wtkit.run(factory, profile, **kwargs)
        return cache['outcome']

    @pytest.mark.parametrize('wtkit_scenario', names)
    def test(wtkit_scenario):
        o = outcome()
        case = o.case(wtkit_scenario)
        if case is None:
            pytest.fail('wtkit ran no scenario %s' % wtkit_scenario, pytrace=False)
        if case.get('status') == 'SKIP':
            pytest.skip(case.get('message') or 'not a situation this transport can be in')
        if case.get('status') in _FAILING:
            pytest.fail(o.case_report(case), pytrace=False)

    return test


def pytest_report_header(config):
    try:
        path = wtkit.find_wtkit()
        out = subprocess.run([path, '--version'], stdout=subprocess.PIPE, check=False,
                             stderr=subprocess.DEVNULL, timeout=10).stdout.decode().strip()
    except (wtkit.WtkitError, OSError, subprocess.SubprocessError) as exc:
        return 'wtkit: %s' % exc
    return 'wtkit: %s (%s)' % (path, out or 'version unknown')
