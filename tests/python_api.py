#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The Python API and the pytest entry point, as the README shows them.

  - the README's pytest command, verbatim: the example transport passes;
  - a broken transport (tests/data/pytest): its items fail with the kit's
    clause messages and replay lines, and its --junitxml is valid XML;
  - -k selects scenario items, -x stops at the first failing one;
  - the same with -n 2 (python3-pytest-xdist), when installed;
  - wtkit.check and wtkit.sweep under every installed CPython, with the
    standard library only: the example passes, the broken one raises
    AssertionError naming the clause; a lambda is refused with TypeError.

    python3 tests/python_api.py
"""

import os
import re
import subprocess
import sys
import tempfile
import xml.dom.minidom

DEBIAN = '/usr/bin/python3'
PYTHONS = [DEBIAN] + ['/root/.pyenv/versions/%s/bin/python3' % v
                      for v in ('3.11.7', '3.12.1', '3.13.0')]
ENV = dict(os.environ, PYTHONPATH='adapters/python:adapters/python/examples')
failures = []
checked = 0


def expect(ok, what):
    global checked
    checked += 1
    if not ok:
        failures.append(what)


def has_pytest(python):
    return subprocess.run([python, '-c', 'import pytest'], capture_output=True).returncode == 0


def readme_command():
    text = open('README.md', encoding='utf-8').read()
    m = re.search(r'<!-- readme-pytest -->\n```\n(.+?)\n```', text)
    return m.group(1) if m else None


def pytest_checks(tmp):
    cmd = readme_command()
    expect(cmd is not None, 'README has the readme-pytest command')
    if cmd is None:
        return
    proc = subprocess.run(['sh', '-c', cmd], capture_output=True, text=True)
    expect(proc.returncode == 0 and ' passed' in proc.stdout,
           'README command passes: exit %d\n%s' % (proc.returncode, proc.stdout[-800:]))
    expect('wtkit: ' in proc.stdout, 'the plugin puts wtkit in the header')
    junit = os.path.join(tmp, 'broken.xml')
    proc = subprocess.run([DEBIAN, '-m', 'pytest', 'tests/data/pytest', '-q',
                           '--junitxml', junit], capture_output=True, text=True, env=ENV)
    out = proc.stdout
    expect(proc.returncode == 1, 'the broken transport fails: exit %d' % proc.returncode)
    expect('FAIL WT-RESUME-AT-OR-BELOW-LOW at event' in out,
           'the failure names the clause and event:\n' + out[-1500:])
    expect('replay: ' in out and '--factory' in out, 'the failure has its replay line')
    expect(re.search(r'test_broken_transport\[WT-[A-Z0-9-]+\]', out) is not None,
           'items are named after their scenarios')
    try:
        dom = xml.dom.minidom.parse(junit)
        cases = dom.getElementsByTagName('testcase')
        fails = [c for c in cases if c.getElementsByTagName('failure')]
        expect(len(cases) > 50 and fails, 'junit: %d cases, %d failures' % (len(cases), len(fails)))
    except Exception as exc:  # noqa: B902 - any parse error is the finding
        expect(False, 'junit XML does not parse: %s' % exc)
    proc = subprocess.run([DEBIAN, '-m', 'pytest', 'tests/data/pytest', '-q', '-x'],
                          capture_output=True, text=True, env=ENV)
    expect(proc.returncode == 1 and re.search(r'\b1 failed\b', proc.stdout) is not None and
           'stopping after 1 failures' in proc.stdout,
           '-x stops at the first failing scenario: %s' % proc.stdout[-300:])
    proc = subprocess.run([DEBIAN, '-m', 'pytest', 'tests/data/pytest', '-q', '-k',
                           'WT-WRITE-DELIVERS'], capture_output=True, text=True, env=ENV)
    expect(proc.returncode == 0 and ' passed' in proc.stdout and 'failed' not in proc.stdout,
           '-k selects the scenario items: %s' % proc.stdout[-300:])
    xdist = subprocess.run([DEBIAN, '-c', 'import xdist'], capture_output=True).returncode == 0
    if xdist:
        proc = subprocess.run([DEBIAN, '-m', 'pytest', 'examples/pytest', '-q', '-n', '2'],
                              capture_output=True, text=True, env=ENV)
        expect(proc.returncode == 0 and ' passed' in proc.stdout,
               '-n 2 passes: %s' % proc.stdout[-400:])
    else:
        print('SKIP: -n 2: python3-pytest-xdist not installed')


API_SNIPPET = r'''
import sys, wtkit, tiny_transport
sys.path.insert(0, 'tests/data/pytest')
outcome = wtkit.check(tiny_transport.make_transport)
assert outcome.ok and len(outcome.cases) > 50, outcome.report
assert wtkit.sweep(tiny_transport.make_transport, seeds=range(1, 21)) == []
try:
    wtkit.check(lambda loop, sock, protocol, flavor=None: None)
except TypeError as exc:
    assert 'import by name' in str(exc)
else:
    raise SystemExit('a lambda was accepted')
'''

BROKEN_SNIPPET = r'''
import sys
sys.path.insert(0, 'tests/data/pytest')
import wtkit, broken_transport
try:
    wtkit.check(broken_transport.make_broken)
except AssertionError as exc:
    text = str(exc)
    assert 'WT-RESUME-AT-OR-BELOW-LOW' in text and 'replay: ' in text, text[-600:]
else:
    raise SystemExit('the broken transport passed')
'''


def api_checks():
    for python in PYTHONS:
        if not os.access(python, os.X_OK):
            print('SKIP: wtkit.check under %s: not installed' % python)
            continue
        for name, snippet in (('check/sweep', API_SNIPPET), ('broken', BROKEN_SNIPPET)):
            proc = subprocess.run([python, '-c', snippet], capture_output=True, text=True,
                                  env=ENV)
            expect(proc.returncode == 0, '%s under %s: exit %d\n%s%s' % (
                name, python, proc.returncode, proc.stdout[-600:], proc.stderr[-1200:]))


def install_checks(tmp):
    """After `make install`, PREFIX/share/wtkit/adapters/python on PYTHONPATH
    is all an interpreter needs: the installed command, library and suite
    are found beside it (run from elsewhere, with no source tree in sight)."""
    dest = os.path.join(tmp, 'dest')
    proc = subprocess.run(['make', '--no-print-directory', 'install', 'DESTDIR=' + dest,
                           'PREFIX=/usr/local'], capture_output=True, text=True)
    expect(proc.returncode == 0, 'make install: %s' % proc.stderr[-400:])
    if proc.returncode != 0:
        return
    pkg = os.path.join(dest, 'usr/local/share/wtkit/adapters/python')
    snippet = ('import sys, wtkit, tiny_transport\n'
               'assert wtkit.find_wtkit().startswith(%r), wtkit.find_wtkit()\n'
               'o = wtkit.check(tiny_transport.make_transport)\n'
               'assert len(o.cases) > 50, o.report\n' % dest)
    env = dict(os.environ, PYTHONPATH=pkg + ':' + os.path.join(pkg, 'examples'))
    for key in ('WTKIT', 'WTKIT_ADAPTERS', 'WTKIT_SCENARIOS', 'WTKIT_LIBWT'):
        env.pop(key, None)
    proc = subprocess.run([DEBIAN, '-c', snippet], capture_output=True, text=True, env=env,
                          cwd=tmp)
    expect(proc.returncode == 0, 'the installed package: exit %d\n%s' % (
        proc.returncode, proc.stderr[-1200:]))


def main():
    if not os.access(DEBIAN, os.X_OK):
        print('SKIP: %s not installed' % DEBIAN)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        if has_pytest(DEBIAN):
            pytest_checks(tmp)
        else:
            print('SKIP: pytest checks: python3-pytest not installed for %s' % DEBIAN)
        api_checks()
        install_checks(tmp)
    for f in failures:
        print('FAIL:', f)
    print('python api: %d checks, %d failed' % (checked, len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
