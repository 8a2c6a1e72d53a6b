#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make bench: every speed figure of wtkit beside its target.

    python3 tools/bench.py [--long] [--out build/bench/bench.json]

Prints one table (FIGURE, VALUE, TARGET, STATUS) and writes the same
figures as JSON. Timed numbers live here and in docs/performance.md, never
in tests. The figures (docs/performance.md explains each):

  e2e          bench/bench.wts end to end (`wtkit run`: parse, judged run,
               replay run) against CPython's _SelectorSocketTransport on the
               same workload in one process (bench/cpython_bench.py),
               alternating, 5 runs each, best and median, at N and 2N writes
  instr        callgrind: instructions per write of the judged run (the
               runner's run_judged) and of the whole command, at N and 2N,
               and the growth 2N/N
  sweep        `wtkit sweep` seeds per CPU second (the sweep and its
               workers, one per core by default: so per core) at 300 and
               1000 ops per seed, and seeds per wall second on all cores
  adapter      the adapter path (--transport python:selector) as users
               get it: the default path (the transport in the kit's
               process, the `host` feature) on a sweep-like workload
               (seeded op sequences written out as .wts, without the new
               ops) against the baseline commit (the code issue 12
               measured: the line protocol, the only path it had),
               alternating, best of 3 (the binding ratio); beside it the
               line protocol (--line-protocol) on the same files and on
               the bench workload written out (no produce op), against the
               same baseline; and the bench with produce over the line
               protocol
  rss          peak RSS of a sweep of 10^6, 10^7 and 2x10^7 ops (10^8 with --long)

Exit status 0 when every binding target is met, 1 when one is missed, 2
when a measurement could not be made.
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import io
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WTKIT = os.path.join(ROOT, 'build', 'bin', 'wtkit')
PY = '/usr/bin/python3'
BASELINE_COMMIT = 'fa1df162f10bfd39cbcf1c7f32ef2a0281dec841'  # the branch point of issue 12

N = 200000          # writes of the e2e and instr figures (and 2N)
RUNS = 5            # alternating runs per side
ADAPTER_N = 20000   # writes through the adapter
SWEEPLIKE_SEEDS = 20  # seeds of 1000 ops, written out, through the adapter
GENWTS = os.path.join(ROOT, 'build', 'cc-release', 'bin', 'wt-genwts')
WRITTEN_N = 3000    # writes of the written-out workload (baseline and now)
LINE = '--line-protocol'  # the line protocol, call by call (shown beside the default path)
PY_N = 200000       # writes of the bench through python:selector in process
PY_SEEDS = 300      # seeds of 300 ops through python:selector in process


def say(msg):
    sys.stderr.write('bench: %s\n' % msg)
    sys.stderr.flush()


class Missing(Exception):
    """A measurement could not be made."""


def run_usage(cmd, ok=(0,), cwd=ROOT):
    """Runs cmd alone; returns (wall, cpu seconds, peak RSS KiB, stdout).
    cpu is the child's user + system time, its own children's included."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=cwd)
    chunks = []
    while True:
        b = p.stdout.read(65536)
        if not b:
            break
        chunks.append(b)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode not in ok:
        raise Missing('%s exited %d' % (' '.join(cmd[:3]), p.returncode))
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, b''.join(chunks).decode()


def workload(n, path):
    """bench/bench.wts with n writes, at path."""
    text = open(os.path.join(ROOT, 'bench', 'bench.wts')).read()
    text, k = re.subn(r'^produce \d+ ', 'produce %d ' % n, text, flags=re.M)
    if k != 1:
        raise Missing('bench/bench.wts has no produce line')
    with open(path, 'w') as f:
        f.write(text)
    return path


# --- e2e ----------------------------------------------------------------------

def e2e(bdir, n):
    wts = workload(n, os.path.join(bdir, 'bench-%d.wts' % n))
    ours, theirs = [], []
    cpy = None
    for _ in range(RUNS):
        wall, _cpu, _rss, out = run_usage([WTKIT, 'run', wts])
        if 'deterministic; exit 0' not in out:
            raise Missing('wtkit run %s did not pass' % wts)
        ours.append(wall)
        _w, _c, _r, out = run_usage([PY, 'bench/cpython_bench.py', '--writes', str(n)])
        cpy = json.loads(out)
        theirs.append(cpy['seconds'])
    return {
        'writes': n,
        'wtkit_best_s': min(ours), 'wtkit_median_s': statistics.median(ours),
        'cpython_best_s': min(theirs), 'cpython_median_s': statistics.median(theirs),
        'ratio_best': min(theirs) / min(ours),
        'ratio_median': statistics.median(theirs) / statistics.median(ours),
        'cpython': cpy['python'], 'iterations': cpy['iterations'], 'sends': cpy['sends'],
        'wtkit_runs_s': ours, 'cpython_runs_s': theirs,
    }


# --- instr --------------------------------------------------------------------

def callgrind(bdir, n):
    wts = workload(n, os.path.join(bdir, 'bench-%d.wts' % n))
    out = os.path.join(bdir, 'callgrind-%d.out' % n)
    p = subprocess.run(['valgrind', '--tool=callgrind', '--callgrind-out-file=' + out,
                        WTKIT, 'run', wts], cwd=ROOT, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise Missing('callgrind failed: %s' % p.stderr.decode()[-300:])
    total = int(re.search(rb'Collected : (\d+)', p.stderr).group(1))
    ann = subprocess.run(['callgrind_annotate', '--inclusive=yes', out], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode()
    parts = {}
    for name in ('run_judged', 'run_first', 'wt_monitor_sink'):
        m = re.search(r'^\s*([\d,]+) \([^)]*\)\s+\S*:%s \[' % name, ann, flags=re.M)
        if m is None:
            raise Missing('callgrind_annotate shows no %s' % name)
        parts[name] = int(m.group(1).replace(',', ''))
    return {'writes': n, 'total': total, 'judged': parts['run_judged'],
            'first': parts['run_first'], 'monitor': parts['wt_monitor_sink'],
            'profile': out}


def profile_table(bdir, n, limit=30):
    """The judged run's flat profile (self cost, callgrind collecting only
    inside run_judged), for docs/performance.md."""
    wts = workload(n, os.path.join(bdir, 'bench-%d.wts' % n))
    path = os.path.join(bdir, 'callgrind-judged-%d.out' % n)
    p = subprocess.run(['valgrind', '--tool=callgrind', '--toggle-collect=run_judged',
                        '--callgrind-out-file=' + path, WTKIT, 'run', wts], cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if p.returncode != 0:
        raise Missing('callgrind (judged run) failed')
    ann = subprocess.run(['callgrind_annotate', path], cwd=ROOT, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL).stdout.decode().splitlines()
    rows = []
    for line in ann:
        m = re.match(r'^\s*([\d,]+) \(\s*([\d.]+)%\)\s+(\S+?):(\S+) ', line)
        if m:
            rows.append((int(m.group(1).replace(',', '')), float(m.group(2)),
                         m.group(3), m.group(4)))
    return rows[:limit]


# --- sweep --------------------------------------------------------------------

SWEEP_SUMMARY = re.compile(r'(\d+) seeds: (\d+) passed, (\d+) failed')


def sweep(ops, seeds):
    """Seeds per CPU second (best of 3). A failing seed is the sweep doing
    its job: it is counted, not an error (exit 1 is accepted)."""
    best = best_wall = None
    failed = None
    for _ in range(3):
        wall, cpu, _rss, out = run_usage([WTKIT, 'sweep', '--seeds', '1..%d' % seeds,
                                          '--ops', str(ops)], ok=(0, 1))
        m = SWEEP_SUMMARY.search(out)
        if m is None:
            raise Missing('sweep printed no summary')
        failed = int(m.group(3))
        rate = seeds / cpu
        best = rate if best is None or rate > best else best
        best_wall = seeds / wall if best_wall is None else max(best_wall, seeds / wall)
    return {'ops': ops, 'seeds': seeds, 'seeds_per_cpu_s': best, 'seeds_per_s': best_wall,
            'cores': os.cpu_count(), 'failed_seeds': failed}


# --- adapter ------------------------------------------------------------------

def written_out(wtkit, produce_wts, path):
    """The workload as plain ops (what it took before `produce`): each write
    a `write`, each loop iteration of the producer `sock read 100` + `step 1`
    on a 100-byte kernel buffer (the same acceptance as `sock budget 100`)."""
    trace = subprocess.run([wtkit, 'trace', produce_wts], cwd=ROOT, stdout=subprocess.PIPE,
                           check=True).stdout.decode().splitlines()
    ops = ['sock buffer 100']
    depth = 0
    producing = False
    for line in trace:
        body = line.split(None, 1)[1] if line[:1] == ' ' or line[:1].isdigit() else line
        if body.startswith('op produce'):
            producing = True
            continue
        if body.startswith('op ') and producing:
            break
        if not producing:
            continue
        if body.startswith('call '):
            depth += 1
            if body.startswith('call write ') and depth == 1:
                ops.append('write %s' % re.search(r'n=(\d+)', body).group(1))
        elif body.startswith('ret '):
            depth -= 1
        elif body.startswith('send ') and depth == 0:
            ops.append('sock read 100')
            ops.append('step 1')
    ops += ['sock open', 'run']
    with open(path, 'w') as f:
        f.write('# bench/bench.wts written out without produce or sock budget\n')
        f.write('\n'.join(ops) + '\n')
    return len(ops)


def baseline_wtkit(bdir):
    """Builds the baseline commit's wtkit (once) under build/bench/baseline."""
    base = os.path.join(bdir, 'baseline')
    exe = os.path.join(base, 'build', 'bin', 'wtkit')
    if os.path.exists(exe):
        return base, exe
    archive = subprocess.run(['git', 'archive', BASELINE_COMMIT], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if archive.returncode != 0:
        raise Missing('git archive %s: %s' % (BASELINE_COMMIT[:10],
                                             archive.stderr.decode().strip()[:200]))
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base)
    tarfile.open(fileobj=io.BytesIO(archive.stdout)).extractall(base)
    say('building the baseline %s (once)' % BASELINE_COMMIT[:10])
    p = subprocess.run(['make', '-s', '-j2', 'all'], cwd=base, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
    if p.returncode != 0 or not os.path.exists(exe):
        raise Missing('the baseline did not build: %s' % p.stderr.decode()[-300:])
    return base, exe


def count_writes(paths):
    """The transport writes a set of .wts files asks for (write, writelines)."""
    n = 0
    for path in paths:
        for line in open(path):
            op = line.split(':', 1)[1].strip() if line.startswith('on ') else line
            n += op.startswith('write ') or op.startswith('writelines')
    return n


def best_runs(cmds, runs=3):
    """Alternating runs of each (name, cmd, cwd): its best wall and best CPU."""
    seen = {name: [] for name, _cmd, _cwd in cmds}
    for _ in range(runs):
        for name, cmd, cwd in cmds:
            wall, cpu, _rss, out = run_usage(cmd, cwd=cwd)
            if 'exit 0' not in out:
                raise Missing('%s: the adapter run did not pass' % name)
            seen[name].append((wall, cpu))
    return {name: (min(w for w, _ in v), min(c for _, c in v)) for name, v in seen.items()}


def best_pair(cmd_now, cmd_base, base_cwd, runs=3):
    """Alternating runs of this commit and the baseline: best wall and CPU of each."""
    b = best_runs([('now', cmd_now, ROOT), ('base', cmd_base, base_cwd)], runs)
    return b['now'][0], b['now'][1], b['base'][0], b['base'][1]


def adapter(bdir):
    res = {}
    base_dir, base_exe = baseline_wtkit(bdir)
    gen = os.path.join(bdir, 'sweeplike')
    shutil.rmtree(gen, ignore_errors=True)
    os.makedirs(gen)
    if subprocess.run([GENWTS, '1', str(SWEEPLIKE_SEEDS), '1000', gen, '--old'],
                      cwd=ROOT).returncode != 0:
        raise Missing('wt-genwts failed')
    files = sorted(os.path.join(gen, f) for f in os.listdir(gen))
    writes = count_writes(files)
    b = best_runs([('in process', [WTKIT, 'run', '--transport', 'python:selector', gen], ROOT),
                   ('line', [WTKIT, 'run', '--transport', 'python:selector', LINE, gen], ROOT),
                   ('base', [base_exe, 'run', '--transport', 'python:selector', gen], base_dir)])
    (wh, ch), (wn, cn), (wb, cb) = b['in process'], b['line'], b['base']
    res['sweeplike'] = {'seeds': SWEEPLIKE_SEEDS, 'ops': 1000, 'writes': writes,
                        'now_wall_s': wn, 'now_cpu_s': cn, 'base_wall_s': wb, 'base_cpu_s': cb,
                        'now_writes_per_s': writes / wn, 'base_writes_per_s': writes / wb,
                        'ratio_wall': wb / wn, 'ratio_cpu': cb / cn,
                        'host_wall_s': wh, 'host_cpu_s': ch, 'host_writes_per_s': writes / wh,
                        'host_ratio_wall': wb / wh, 'host_ratio_cpu': cb / ch}
    wts = workload(ADAPTER_N, os.path.join(bdir, 'bench-adapter.wts'))
    best = None
    for _ in range(2):
        wall, _cpu, _rss, out = run_usage([WTKIT, 'run', '--transport', 'python:selector',
                                           LINE, wts])
        if 'exit 0' not in out:
            raise Missing('the adapter run did not pass')
        best = wall if best is None or wall < best else best
    res['produce'] = {'writes': ADAPTER_N, 'best_s': best, 'writes_per_s': ADAPTER_N / best}
    small = workload(WRITTEN_N, os.path.join(bdir, 'bench-written-src.wts'))
    plain = os.path.join(bdir, 'bench-written.wts')
    res['written_ops'] = written_out(WTKIT, small, plain)
    wn, cn, wb, cb = best_pair([WTKIT, 'run', '--transport', 'python:selector', LINE, plain],
                               [base_exe, 'run', '--transport', 'python:selector', plain],
                               base_dir)
    res['written'] = {'writes': WRITTEN_N, 'now_wall_s': wn, 'now_cpu_s': cn, 'base_wall_s': wb,
                      'base_cpu_s': cb, 'now_writes_per_s': WRITTEN_N / wn,
                      'base_writes_per_s': WRITTEN_N / wb, 'ratio_wall': wb / wn,
                      'ratio_cpu': cb / cn}
    return res


# --- Python in process (issue 15) ----------------------------------------------

def python_host(bdir):
    """The bench through python:selector in process against CPython's own
    transport in process (alternating, best and median), the CPU per
    300-op seed of a sweep (in process and, for comparison, over the line
    protocol), and the suite's wall time."""
    wts = workload(PY_N, os.path.join(bdir, 'bench-python.wts'))
    ours, ours_cpu, theirs = [], [], []
    for _ in range(3):
        wall, cpu, _rss, out = run_usage([WTKIT, 'run', '--transport', 'python:selector', wts])
        if 'exit 0' not in out:
            raise Missing('the in-process run of the bench did not pass')
        ours.append(wall)
        ours_cpu.append(cpu)
        _w, _c, _r, out = run_usage([PY, 'bench/cpython_bench.py', '--writes', str(PY_N)])
        theirs.append(json.loads(out)['seconds'])
    res = {'writes': PY_N, 'wtkit_runs_s': ours, 'wtkit_cpu_s': ours_cpu,
           'cpython_runs_s': theirs, 'ratio_best': min(theirs) / min(ours),
           'ratio_median': statistics.median(theirs) / statistics.median(ours),
           'wtkit_writes_per_s': PY_N / min(ours), 'cpython_writes_per_s': PY_N / min(theirs)}
    for key, extra, seeds in (('sweep', [], PY_SEEDS), ('sweep_line', [LINE], PY_SEEDS // 6)):
        best = None
        for _ in range(2):
            _w, cpu, _r, _o = run_usage([WTKIT, 'sweep', '--seeds', '1..%d' % seeds, '--ops',
                                         '300', '--jobs', '1', '--transport', 'python:selector']
                                        + extra, ok=(0, 1))
            best = cpu if best is None or cpu < best else best
        res[key + '_ms_per_seed'] = best / seeds * 1000
    suite = []
    for _ in range(3):
        wall, _c, _r, _o = run_usage([WTKIT, 'run', '--transport', 'python:selector'], ok=(0, 1))
        suite.append(wall)
    res['suite_best_s'] = min(suite)
    return res


# --- rss ----------------------------------------------------------------------

def rss_name(ops):
    """10^7, 2x10^7: the number of ops as the table says it."""
    exp = len(str(ops)) - 1
    lead = ops // 10 ** exp
    return ('%dx' % lead if lead != 1 else '') + '10^%d' % exp


def rss(total_ops):
    seeds = total_ops // 1000
    _wall, cpu, peak, out = run_usage([WTKIT, 'sweep', '--seeds', '1..%d' % seeds,
                                       '--ops', '1000'], ok=(0, 1))
    m = SWEEP_SUMMARY.search(out)
    return {'ops': total_ops, 'seeds': seeds, 'peak_rss_kib': peak, 'cpu_s': cpu,
            'failed_seeds': int(m.group(3)) if m else None}


# --- the table ----------------------------------------------------------------

def machine():
    cpu = ''
    try:
        for line in open('/proc/cpuinfo'):
            if line.startswith('model name'):
                cpu = line.split(':', 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(['git', 'rev-parse', 'HEAD'], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL).stdout.decode().strip()
    dirty = subprocess.run(['git', 'status', '--porcelain', '--untracked-files=no'], cwd=ROOT,
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.strip()
    cc = subprocess.run(['cc', '--version'], stdout=subprocess.PIPE,
                        stderr=subprocess.DEVNULL).stdout.decode().splitlines()
    return {'commit': commit + ('+dirty' if dirty else ''), 'cpu': cpu,
            'cores': os.cpu_count(), 'kernel': platform.release(),
            'cc': cc[0] if cc else '', 'python': platform.python_version(),
            'date': time.strftime('%Y-%m-%d %H:%M:%S %Z')}


class Table:
    def __init__(self):
        self.rows = []

    def add(self, key, figure, value, fmt, target=None, op=None, binding=False, aim=None):
        met = None
        if target is not None and value is not None:
            met = value >= target if op == '>=' else value <= target
        aim_met = None
        if aim is not None and value is not None:
            aim_met = value >= aim if op == '>=' else value <= aim
        self.rows.append({'key': key, 'figure': figure, 'value': value, 'format': fmt,
                          'target': target, 'op': op, 'binding': binding, 'met': met,
                          'aim': aim, 'aim_met': aim_met})

    def print(self):
        print('%-58s %14s  %-24s %s' % ('FIGURE', 'VALUE', 'TARGET', 'STATUS'))
        for r in self.rows:
            value, target, status = self.cells(r, 'MISSED')
            print('%-58s %14s  %-24s %s' % (r['figure'], value, target, status))

    @staticmethod
    def cells(r, missed):
        """A row's value, target and status, as both tables show them."""
        value = 'n/a' if r['value'] is None else r['format'] % r['value']
        target = ''
        if r['target'] is not None:
            target = '%s %s%s' % (r['op'], r['format'] % r['target'],
                                  ' (binding)' if r['binding'] else '')
        if r['aim'] is not None:
            target += '%saim %s' % ('; ' if target else '', r['format'] % r['aim'])
        status = ''
        if r['met'] is not None:
            status = 'met' if r['met'] else missed
        if r['aim_met'] is not None:
            status += ('; ' if status else '') + ('aim met' if r['aim_met'] else 'aim missed')
        if r['value'] is None:
            status = 'not measured'
        return value, target, status

    def markdown(self):
        lines = ['| figure | value | target | status |', '|---|---:|---|---|']
        for r in self.rows:
            value, target, status = self.cells(r, '**missed**')
            lines.append('| %s | %s | %s | %s |' % (r['figure'], value, target.replace('<=', '≤')
                                                     .replace('>=', '≥'), status))
        return '\n'.join(lines) + '\n'

    def binding_missed(self):
        return [r for r in self.rows if r['binding'] and r['met'] is False]


# --- fuzz (issue 16): libFuzzer exec/s ------------------------------------------
# Kept apart from the figures above (one function measures, one adds rows).

FUZZ_SECONDS = 10   # of libFuzzer per figure


def fuzz_rate(bdir, target, san):
    """libFuzzer on fuzz_TARGET for FUZZ_SECONDS from the suite's seeds:
    executions per CPU second (user + system: the VM's other load shows in
    the wall clock, less in the CPU time) and per wall second."""
    make = ['make', '-s', '--no-print-directory', '-j%d' % (os.cpu_count() or 2),
            '-f', 'mk/fuzz.mk']
    engine = ['ENGINE=libfuzzer'] + (['FUZZ_SAN=address,undefined'] if san else [])
    if shutil.which('clang') is None:
        raise Missing('clang is not installed (make deps)')
    for cmd in (make + engine + ['all'], make + ['ENGINE=plain', 'corpus']):
        if subprocess.call(cmd, cwd=ROOT, stdout=subprocess.DEVNULL) != 0:
            raise Missing('%s failed' % ' '.join(cmd[5:]))
    out = os.path.join(ROOT, 'build', 'fuzz', 'libfuzzer-san' if san else 'libfuzzer')
    work = os.path.join(bdir, 'fuzz-%s%s' % (target, '-san' if san else ''))
    shutil.rmtree(work, ignore_errors=True)
    seeds, corpus = os.path.join(work, 'seeds'), os.path.join(work, 'corpus')
    os.makedirs(seeds)
    os.makedirs(corpus)
    scenarios = sorted(os.path.join(ROOT, 'conformance', 'scenarios', f)
                       for f in os.listdir(os.path.join(ROOT, 'conformance', 'scenarios'))
                       if f.endswith('.wts'))
    options = []  # the target's own options, as ClusterFuzzLite passes them (max_len)
    if target in ('world', 'ceiling'):  # the ceiling is run as the world target is
        tool = os.path.join(ROOT, 'build', 'fuzz', 'plain', 'wt-fuzz-corpus')
        subprocess.check_call([tool, 'world', seeds] + scenarios)
        text = subprocess.check_output([tool, 'options', 'world'], text=True)
        options = ['-%s=%s' % m for m in re.findall(r'^\s*(\w+)\s*=\s*(\d+)\s*$', text, flags=re.M)]
    else:
        for f in scenarios:
            shutil.copy(f, seeds)
    log = os.path.join(work, 'libfuzzer.log')
    t0 = time.perf_counter()
    with open(log, 'w') as f:
        p = subprocess.Popen([os.path.join(out, 'fuzz_' + target), '-seed=1'] + options +
                             ['-max_total_time=%d' % FUZZ_SECONDS, '-artifact_prefix=%s/' % work,
                              corpus, seeds], stdout=f, stderr=subprocess.STDOUT, cwd=work)
        _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    text = open(log, errors='replace').read()
    m = re.search(r'^Done (\d+) runs', text, flags=re.M)
    if os.waitstatus_to_exitcode(status) != 0 or m is None:
        raise Missing('fuzz_%s exited %d (a finding? %s)' %
                      (target, os.waitstatus_to_exitcode(status), log))
    runs = int(m.group(1))
    counters = None
    if target in ('world', 'ceiling'):  # the signal the seeds carry, without libFuzzer
        text = subprocess.check_output([os.path.join(out, 'counters_' + target), seeds], text=True)
        counters = {k: float(v) for k, v in re.findall(r'(\w+) ([\d.]+)', text)}
    return {'runs': runs, 'counters': counters, 'cpu_s': ru.ru_utime + ru.ru_stime, 'wall_s': wall,
            'per_cpu_s': runs / max(ru.ru_utime + ru.ru_stime, 1e-9), 'per_wall_s': runs / wall}


AFL_ROUNDS = 2  # each AFL++ figure: the best of this many runs, alternating

AFL_ENV = {'AFL_SKIP_CPUFREQ': '1', 'AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES': '1',
           'AFL_NO_UI': '1', 'AFL_NO_AFFINITY': '1', 'AFL_FAST_CAL': '1', 'AFL_QUIET': '1',
           'AFL_NO_WARN_INSTABILITY': '1'}


def afl_rate(bdir, target):
    """AFL++ (one instance, persistent, shared memory) on fuzz_TARGET for
    FUZZ_SECONDS from the suite's seeds: execs_per_sec and stability from
    its fuzzer_stats."""
    if shutil.which('afl-fuzz') is None:
        raise Missing('afl-fuzz is not installed (make deps)')
    make = ['make', '-s', '--no-print-directory', '-j%d' % (os.cpu_count() or 2),
            '-f', 'mk/fuzz.mk', 'ENGINE=afl', 'all', 'corpus']
    if subprocess.call(make, cwd=ROOT, stdout=subprocess.DEVNULL) != 0:
        raise Missing('building the AFL++ targets failed')
    afl = os.path.join(ROOT, 'build', 'fuzz', 'afl')
    work = os.path.join(bdir, 'afl-%s' % target)
    shutil.rmtree(work, ignore_errors=True)
    seeds = os.path.join(work, 'seeds')
    os.makedirs(seeds)
    scenarios = sorted(os.path.join(ROOT, 'conformance', 'scenarios', f)
                       for f in os.listdir(os.path.join(ROOT, 'conformance', 'scenarios'))
                       if f.endswith('.wts'))
    subprocess.check_call([os.path.join(afl, 'wt-fuzz-corpus'), 'world', seeds] + scenarios)
    env = dict(os.environ, **AFL_ENV)
    with open(os.path.join(work, 'afl.log'), 'w') as f:
        rc = subprocess.call(['afl-fuzz', '-i', seeds, '-o', os.path.join(work, 'out'),
                              '-V', str(FUZZ_SECONDS), '--', os.path.join(afl, 'fuzz_' + target)],
                             stdout=f, stderr=subprocess.STDOUT, env=env, cwd=work)
    stats = os.path.join(work, 'out', 'default', 'fuzzer_stats')
    if rc != 0 or not os.path.exists(stats):
        raise Missing('afl-fuzz on fuzz_%s exited %d (%s)' % (target, rc, work))
    kv = {k.strip(): v.strip() for k, v in (line.split(':', 1) for line in open(stats)
                                             if ':' in line)}
    return {'per_s': float(kv['execs_per_sec']), 'stability': kv.get('stability', '?')}


def fuzz_figures(bdir):
    figures = {'world': fuzz_rate(bdir, 'world', False), 'world_san': fuzz_rate(bdir, 'world', True),
               'ceiling': fuzz_rate(bdir, 'ceiling', False),
               'ceiling_san': fuzz_rate(bdir, 'ceiling', True),
               'wts': fuzz_rate(bdir, 'wts', False)}
    # Alternating in one run, best over best: the ratio holds the machine's
    # load, and the empty harness's own rate (AFL++'s system calls) moves
    # most between two 10-second runs.
    runs = {'empty': [], 'world': []}
    for _ in range(AFL_ROUNDS):
        for target in ('empty', 'world'):
            runs[target].append(afl_rate(bdir, target))
    empty = max(runs['empty'], key=lambda r: r['per_s'])
    world = max(runs['world'], key=lambda r: r['per_s'])
    figures['afl'] = {'empty': empty, 'world': world, 'runs': runs,
                      'ratio': world['per_s'] / empty['per_s']}
    return figures


def fuzz_rows(t, fz):
    """Issue 16's targets: AFL++ on the world target at >= 0.7x an empty
    harness built with the same flags; libFuzzer >= 200k exec/s on the world
    target without sanitizers, >= 50k with ASan + UBSan (not binding: not
    reached). Beside them, what bounds them: libFuzzer alone at the world
    target's signal (fuzz_ceiling, about as many counters an input, no
    work) and the world target alone, without libFuzzer (fuzz/README.md)."""
    def counters(key, field):
        c = fz and fz[key]['counters']
        return c and c[field]
    afl = fz and fz.get('afl')
    t.add('afl_world_ratio', 'AFL++, world target vs an empty harness, exec/s ratio (best of 2)',
          afl and afl['ratio'], '%.2fx', 0.7, '>=')
    t.add('afl_world', 'AFL++, world target, exec/s (one instance, best of 2)',
          afl and afl['world']['per_s'], '%.0f')
    t.add('afl_empty', 'AFL++, empty harness, same flags, exec/s (best of 2)',
          afl and afl['empty']['per_s'], '%.0f')
    t.add('fuzz_world', 'libFuzzer, world target, exec/s per CPU second',
          fz and fz['world']['per_cpu_s'], '%.0f', 200000, '>=')
    t.add('fuzz_world_wall', 'libFuzzer, world target, exec/s (wall)',
          fz and fz['world']['per_wall_s'], '%.0f')
    t.add('fuzz_world_san', 'libFuzzer + ASan + UBSan, world target, exec/s per CPU s',
          fz and fz['world_san']['per_cpu_s'], '%.0f', 50000, '>=')
    t.add('fuzz_ceiling', 'libFuzzer alone at that signal (fuzz_ceiling), exec/s per CPU s',
          fz and fz['ceiling']['per_cpu_s'], '%.0f')
    t.add('fuzz_ceiling_san', 'the same + ASan + UBSan, exec/s per CPU s',
          fz and fz['ceiling_san']['per_cpu_s'], '%.0f')
    t.add('fuzz_world_counters', 'counters a world seed hits, mean (libFuzzer: a feature each)',
          counters('world', 'hit_mean'), '%.0f')
    t.add('fuzz_ceiling_counters', 'counters a fuzz_ceiling input hits, mean',
          counters('ceiling', 'hit_mean'), '%.0f')
    t.add('fuzz_world_alone_us', 'the world target without libFuzzer, CPU us per seed',
          counters('world', 'cpu_us_per_input'), '%.2f')
    t.add('fuzz_world_alone_san_us', 'the same + ASan + UBSan, CPU us per seed',
          counters('world_san', 'cpu_us_per_input'), '%.2f')
    t.add('fuzz_wts', 'libFuzzer, .wts parser, exec/s per CPU second',
          fz and fz['wts']['per_cpu_s'], '%.0f')


def main():
    global GENWTS
    ap = argparse.ArgumentParser(description='make bench')
    ap.add_argument('--long', action='store_true', help='also the 10^8-op sweep (bench-long)')
    ap.add_argument('--out', default=os.path.join(ROOT, 'build', 'bench', 'bench.json'))
    ap.add_argument('--genwts', default=GENWTS, help='the wt-genwts helper (make bench builds it)')
    args = ap.parse_args()
    GENWTS = os.path.abspath(args.genwts)
    bdir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(bdir, exist_ok=True)
    if not os.path.exists(WTKIT):
        say('build/bin/wtkit is missing: run make first')
        return 2
    results = {'machine': machine(), 'long': args.long}
    t = Table()
    errors = []

    def measure(name, fn, *a):
        say('measuring %s' % name)
        try:
            results[name] = fn(*a)
        except Missing as exc:
            errors.append('%s: %s' % (name, exc))
            say('%s: %s' % (name, exc))
            results[name] = None
        return results[name]

    for n in (N, 2 * N):
        r = measure('e2e_%d' % n, e2e, bdir, n)
        tag = 'N' if n == N else '2N'
        t.add('e2e_ratio_best_%s' % tag,
              'e2e vs CPython in process, %s = %d writes, best' % (tag, n),
              r and r['ratio_best'], '%.2fx', 2.0, '>=', True, 20.0)
        t.add('e2e_ratio_median_%s' % tag,
              'e2e vs CPython in process, %s, median' % tag,
              r and r['ratio_median'], '%.2fx', 2.0, '>=', True, 20.0)
        t.add('e2e_wtkit_%s' % tag, 'wtkit run, %s, best (ms)' % tag,
              r and r['wtkit_best_s'] * 1000, '%.1f')
        t.add('e2e_cpython_%s' % tag, 'CPython in process, %s, best (ms)' % tag,
              r and r['cpython_best_s'] * 1000, '%.1f')
    cg = {}
    for n in (N, 2 * N):
        cg[n] = measure('callgrind_%d' % n, callgrind, bdir, n)
    c1, c2 = cg[N], cg[2 * N]
    t.add('instr_judged', 'instructions per write, judged run (N)',
          c1 and c1['judged'] / N, '%.0f', 1000, '<=', True, 400)
    t.add('instr_judged_2n', 'instructions per write, judged run (2N)',
          c2 and c2['judged'] / (2 * N), '%.0f', 1000, '<=', True, 400)
    t.add('instr_first', 'instructions per write, replay\'s first run (N)',
          c1 and c1['first'] / N, '%.0f')
    t.add('instr_monitor', 'instructions per write, of which the monitor (N)',
          c1 and c1['monitor'] / N, '%.0f')
    t.add('instr_total', 'instructions per write, wtkit run end to end (N)',
          c1 and c1['total'] / N, '%.0f')
    t.add('growth_judged', 'growth 2N/N, judged run instructions',
          c1 and c2 and c2['judged'] / c1['judged'], '%.3f', 2.05, '<=', True)
    t.add('growth_total', 'growth 2N/N, end-to-end instructions',
          c1 and c2 and c2['total'] / c1['total'], '%.3f', 2.05, '<=', True)
    s1000 = measure('sweep_1000', sweep, 1000, 2000)
    s300 = measure('sweep_300', sweep, 300, 5000)
    t.add('sweep_1000', 'sweep seeds/s per core, 1000 ops per seed',
          s1000 and s1000['seeds_per_cpu_s'], '%.0f', 1000, '>=', True, 10000)
    t.add('sweep_300', 'sweep seeds/s per core, 300 ops per seed',
          s300 and s300['seeds_per_cpu_s'], '%.0f')
    t.add('sweep_1000_all', 'sweep seeds/s on all %s cores (--jobs default, wall), 1000 ops'
          % os.cpu_count(), s1000 and s1000['seeds_per_s'], '%.0f')
    t.add('sweep_failed', 'failing seeds in those sweeps (reference transport)',
          s1000 and s300 and s1000['failed_seeds'] + s300['failed_seeds'], '%d')
    a = measure('adapter', adapter, bdir)
    sl = a and a['sweeplike']
    wr = a and a['written']
    t.add('adapter_sweep_host', 'adapter path (default: in process), sweep-like '
          '(%d seeds x 1000 ops), writes/s' % SWEEPLIKE_SEEDS,
          sl and sl['host_writes_per_s'], '%.0f')
    t.add('adapter_sweep_base', 'adapter path at the baseline (line protocol), sweep-like, '
          'writes/s', sl and sl['base_writes_per_s'], '%.0f')
    t.add('adapter_sweep_ratio', 'adapter path (default: in process), sweep-like, now / '
          'baseline (wall)', sl and sl['host_ratio_wall'], '%.2fx', 5.0, '>=', True)
    t.add('adapter_sweep_ratio_cpu', 'adapter path (default: in process), sweep-like, now / '
          'baseline (CPU)', sl and sl['host_ratio_cpu'], '%.2fx')
    t.add('adapter_sweep_now', 'line protocol (--line-protocol), sweep-like, writes/s',
          sl and sl['now_writes_per_s'], '%.0f')
    t.add('adapter_sweep_line_ratio', 'line protocol, sweep-like, now / baseline (wall)',
          sl and sl['ratio_wall'], '%.2fx')
    t.add('adapter_sweep_line_ratio_cpu', 'line protocol, sweep-like, now / baseline (CPU)',
          sl and sl['ratio_cpu'], '%.2fx')
    t.add('adapter_written_ratio', 'line protocol, bench written out, now / baseline (wall)',
          wr and wr['ratio_wall'], '%.2fx')
    t.add('adapter_written_now', 'line protocol, bench written out, writes/s',
          wr and wr['now_writes_per_s'], '%.0f')
    t.add('adapter_produce', 'line protocol, bench (produce, %d writes), writes/s' % ADAPTER_N,
          a and a['produce']['writes_per_s'], '%.0f')
    h = measure('python_host', python_host, bdir)
    t.add('py_bench_ratio', 'python:selector in process vs CPython in process, bench '
          '(%d writes), best' % PY_N, h and h['ratio_best'], '%.3fx', 0.25, '>=', True)
    t.add('py_bench_ratio_median', 'python:selector in process vs CPython, median',
          h and h['ratio_median'], '%.2fx')
    t.add('py_bench_writes', 'python:selector in process, writes/s (best)',
          h and h['wtkit_writes_per_s'], '%.0f')
    t.add('py_sweep_ms', 'python:selector sweep, CPU ms per 300-op seed (in process)',
          h and h['sweep_ms_per_seed'], '%.1f', 10.0, '<=', True)
    t.add('py_sweep_line_ms', 'python:selector sweep, CPU ms per 300-op seed (line protocol)',
          h and h['sweep_line_ms_per_seed'], '%.1f')
    t.add('py_suite_s', 'the suite against python:selector, wall (s, best of 3)',
          h and h['suite_best_s'], '%.2f', 0.3, '<=', True)
    # The peak is the heaviest single seed's, so growth is read between two
    # sweeps that both hold the seeds of the smaller (1..10^4): 2x10^7 (or
    # 10^8 with --long) over 10^7 ops.
    sizes = [10 ** 6, 10 ** 7] + ([10 ** 8] if args.long else [2 * 10 ** 7])
    mem = {}
    for ops in sizes:
        mem[ops] = measure('rss_%d' % ops, rss, ops)
        t.add('rss_%d' % ops, 'peak RSS of a sweep of %s ops (MiB)' % rss_name(ops),
              mem[ops] and mem[ops]['peak_rss_kib'] / 1024.0, '%.1f')
    top = max(sizes)
    flat = None
    if mem.get(10 ** 7) and mem.get(top):
        flat = mem[top]['peak_rss_kib'] / mem[10 ** 7]['peak_rss_kib']
    t.add('rss_flat', 'RSS %s / 10^7 ops%s' % (rss_name(top),
                                                '' if args.long else ' (10^8: make bench-long)'),
          flat, '%.3f', 1.25, '<=', args.long)
    fuzz_rows(t, measure('fuzz', fuzz_figures, bdir))
    results['figures'] = t.rows
    results['errors'] = errors
    top = measure('profile_judged', profile_table, bdir, N)
    if top:
        results['profile_judged'] = [
            {'instructions': i, 'per_write': i / N, 'percent': p, 'file': f, 'function': fn}
            for i, p, f, fn in top]
    with open(args.out, 'w') as f:
        json.dump(results, f, indent=2, sort_keys=True)
    with open(os.path.splitext(args.out)[0] + '.md', 'w') as f:
        m = results['machine']
        f.write('commit %s, %s (%s cores), kernel %s, %s, Python %s, %s\n\n' %
                (m['commit'], m['cpu'], m['cores'], m['kernel'], m['cc'], m['python'], m['date']))
        f.write(t.markdown())
        if results.get('profile_judged'):
            f.write('\n| instructions per write (self) | share | function |\n|---:|---:|---|\n')
            for r in results['profile_judged']:
                f.write('| %.1f | %.2f%% | `%s` |\n' % (r['per_write'], r['percent'],
                                                         r['function']))
    m = results['machine']
    print('wtkit bench: commit %s, %s, %s cores, %s, Python %s' %
          (m['commit'][:12], m['cpu'], m['cores'], m['cc'], m['python']))
    t.print()
    print('json: %s' % os.path.relpath(args.out, ROOT))
    if errors:
        for e in errors:
            print('not measured: %s' % e)
        return 2
    missed = t.binding_missed()
    if missed:
        print('binding targets missed: %s' % ', '.join(r['key'] for r in missed))
        return 1
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
