# SPDX-License-Identifier: MIT
"""wtkit from Python: check an asyncio write transport against the contract.

    import wtkit

    def make_transport(loop, sock, protocol, *, flavor=None):
        return MyTransport(loop, sock, protocol)

    wtkit.check(make_transport)                 # AssertionError on a broken clause
    bad = wtkit.sweep(make_transport, seeds=range(1, 201))
    for seed in bad:
        print(seed.seed, seed.clauses, seed.replay)

The factory has the signature of `wtkit run --factory` (adapters/python/
README.md): it is given the kit's virtual loop, fake socket and recording
protocol and returns the transport. It must be importable by name (a
function at the top level of a module or a test file): the kit runs it in
a child interpreter, the same Python as this one, where every case runs in
process (the adapter protocol's `host` feature), and a crash of the
transport is that scenario's CRASH instead of the end of your test run.

Only the standard library is needed; the `wtkit` command is found through
$WTKIT, beside this package (a source tree or `make install`), or $PATH.
For pytest, `wtkit.pytest_plugin.scenarios(factory)` makes one test item
per scenario.
"""

import inspect
import json
import os
import shutil
import subprocess
import sys
import tempfile

__all__ = ['Outcome', 'Seed', 'WtkitError', 'check', 'find_wtkit', 'run', 'sweep']

_HERE = os.path.dirname(os.path.abspath(__file__))
_ADAPTERS = os.path.dirname(_HERE)  # the folder that holds cpython_adapter.py
_FAILING = ('FAIL', 'HANG', 'NONDETERMINISTIC', 'ERROR', 'CRASH')


class WtkitError(RuntimeError):
    """wtkit could not run the transport at all (exit 2 or 3): the message
    is what it said."""


def find_wtkit():
    """The wtkit command: $WTKIT, the source tree's build/bin/wtkit or
    PREFIX/bin/wtkit beside this package, else the one on $PATH."""
    env = os.environ.get('WTKIT')
    if env:
        return env
    for rel in ('../../../build/bin/wtkit', '../../../../../bin/wtkit'):
        path = os.path.normpath(os.path.join(_HERE, rel))
        if os.access(path, os.X_OK):
            return path
    found = shutil.which('wtkit')
    if found:
        return found
    raise WtkitError('the wtkit command was not found: build it (make), install it (make '
                     'install), or set WTKIT to its path')


def _scenarios_dir():
    """The suite beside this package (source tree or install), or None."""
    for rel in ('../../conformance/scenarios', '../../scenarios'):
        path = os.path.normpath(os.path.join(_ADAPTERS, rel))
        if os.path.isdir(path):
            return path
    return None


def factory_spec(factory):
    """`FILE.py:NAME` for --factory, or TypeError for a factory the child
    interpreter cannot import by name (a lambda, a closure, a method)."""
    if isinstance(factory, str):
        return factory
    name = getattr(factory, '__qualname__', '')
    module = sys.modules.get(getattr(factory, '__module__', None))
    path = inspect.getsourcefile(factory) if inspect.isfunction(factory) else None
    if not name or '<' in name or '.' in name or module is None or path is None:
        raise TypeError('wtkit needs a factory it can import by name in another interpreter: '
                        'a function at the top level of a module or test file (got %r)'
                        % (factory,))
    return '%s:%s' % (os.path.abspath(path), name)


class Seed:
    """A failing seed of a sweep: its number, status, clauses and replay."""

    def __init__(self, case):
        self.seed = case['seed']
        self.status = case['status']
        self.clauses = [cid for cid, v in (case.get('clauses') or {}).items()
                        if v.get('verdict') == 'FAIL']
        self.message = case.get('message') or ''
        self.replay = case.get('replay') or ''

    def __repr__(self):
        return '<wtkit.Seed %d %s %s>' % (self.seed, self.status, ','.join(self.clauses))


class Outcome:
    """What a run said: its report (the table wtkit prints), its JSON, exit."""

    def __init__(self, exit_status, report, data, stderr):
        self.exit_status = exit_status
        self.report = report
        self.data = data
        self.stderr = stderr

    @property
    def ok(self):
        return self.exit_status == 0

    @property
    def cases(self):
        return self.data.get('cases', [])

    def case(self, name):
        """The case whose file's base name (without .wts) is name, or None."""
        for c in self.cases:
            base = os.path.basename(c.get('file') or c.get('name') or '')
            if base[:-4] == name or base == name:
                return c
        return None

    def case_report(self, case):
        """One case in words: status, each FAIL (event, reason, evidence),
        failed expectations, the events before it, the replay line."""
        lines = ['%s: %s' % (case.get('name'), case.get('status'))]
        if case.get('message'):
            lines.append('  ' + case['message'])
        fails = [(cid, v) for cid, v in (case.get('clauses') or {}).items()
                 if v.get('verdict') == 'FAIL']
        fails.sort(key=lambda f: f[1].get('follows') is not None)  # leads first
        for cid, v in fails:
            text = '  FAIL %s at event %s: %s' % (cid, v.get('event'), v.get('reason'))
            if v.get('evidence'):
                text += ' [%s]' % v['evidence']
            follows = v.get('follows')
            if isinstance(follows, dict):
                text += ' (follows from %s at event %s)' % (follows.get('clause'),
                                                           follows.get('event'))
            lines.append(text)
        for ex in case.get('expectations_failed') or []:
            lines.append('  expectation: %s' % (ex.get('message') if isinstance(ex, dict) else ex,))
        context = case.get('context') or []
        if context:
            lines.append('  the events up to it:')
            lines.extend('    %s %s' % (ev.get('event'), ev.get('text')) for ev in context)
        if case.get('replay'):
            lines.append('  replay: ' + case['replay'])
        return '\n'.join(lines)


def _command(factory, command, profile, python, extra):
    return [find_wtkit(), command, '--factory', factory_spec(factory),
            '--python', python or sys.executable, '--profile', profile] + list(extra)


def _run(argv, timeout):
    env = dict(os.environ)
    env.setdefault('WTKIT_ADAPTERS', _ADAPTERS)
    suite = _scenarios_dir()
    if suite is not None:
        env.setdefault('WTKIT_SCENARIOS', suite)
    with tempfile.TemporaryDirectory(prefix='wtkit-') as tmp:
        report = os.path.join(tmp, 'report.json')
        proc = subprocess.run(argv + ['--json', report], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout, check=False)
        out = proc.stdout.decode('utf-8', 'replace')
        err = proc.stderr.decode('utf-8', 'replace')
        if proc.returncode not in (0, 1) or not os.path.exists(report):
            raise WtkitError('%s exited %d:\n%s%s' % (' '.join(argv), proc.returncode, err, out))
        with open(report, encoding='utf-8') as f:
            data = json.load(f)
    return Outcome(proc.returncode, out, data, err)


def run(factory, profile='docs', *, scenarios=(), python=None, context=8, options=(),
        timeout=None):
    """Runs the suite (or the given .wts files) and returns the Outcome,
    whatever the verdicts. WtkitError when the transport cannot be run."""
    extra = ['--context', str(context)] + list(options) + [str(p) for p in scenarios]
    return _run(_command(factory, 'run', profile, python, extra), timeout)


def check(factory, profile='docs', **kwargs):
    """Runs the suite; raises AssertionError when a MUST clause is broken,
    a case hangs or crashes, or an expectation fails. The message is the
    clause table and, per failing case, each FAIL's event and reason, its
    evidence, the events before it and its replay line."""
    outcome = run(factory, profile, **kwargs)
    if not outcome.ok:
        failing = [outcome.case_report(c) for c in outcome.cases if c.get('status') in _FAILING]
        raise AssertionError('%s\n%s' % (outcome.report.rstrip(), '\n'.join(failing)))
    return outcome


def sweep(factory, seeds=range(1, 101), ops=300, profile='docs', *, python=None, jobs=1,
          options=(), timeout=None):
    """Runs generated scenarios, one per seed (a range of consecutive
    seeds); returns the failing ones as Seed values, each with its replay
    line (empty when all pass)."""
    seeds = list(seeds)
    if not seeds or seeds != list(range(seeds[0], seeds[0] + len(seeds))) or seeds[0] < 0:
        raise ValueError('seeds must be consecutive non-negative integers (a range)')
    extra = ['--seeds', '%d..%d' % (seeds[0], seeds[-1]), '--ops', str(ops), '--jobs',
             str(jobs)] + list(options)
    outcome = _run(_command(factory, 'sweep', profile, python, extra), timeout)
    return [Seed(c) for c in outcome.cases if c.get('status') in _FAILING]
