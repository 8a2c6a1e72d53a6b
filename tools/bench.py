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
  sweep        `wtkit sweep` seeds per second per CPU second at 300 and
               1000 ops per seed
  adapter      the workload through the line-protocol adapter
               (--transport python:selector): writes per second, and the
               same written-out workload (no produce op) on this commit and
               on the baseline commit (the code issue 12 measured), for
               the ratio to today
  rss          peak RSS of a sweep of 10^6 and 10^7 ops (10^8 with --long)

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
WRITTEN_N = 3000    # writes of the written-out workload (baseline and now)


def say(msg):
    sys.stderr.write('bench: %s\n' % msg)
    sys.stderr.flush()


class Missing(Exception):
    """A measurement could not be made."""


def run_usage(cmd):
    """Runs cmd alone; returns (wall, cpu seconds, peak RSS KiB, stdout)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
    chunks = []
    while True:
        b = p.stdout.read(65536)
        if not b:
            break
        chunks.append(b)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
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


def profile_table(path, limit=25):
    """The top of the judged run's flat profile (self cost), for the doc."""
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

def sweep(ops, seeds):
    best = None
    for _ in range(3):
        _wall, cpu, _rss, out = run_usage([WTKIT, 'sweep', '--seeds', '1..%d' % seeds,
                                           '--ops', str(ops)])
        if 'failed' not in out:
            raise Missing('sweep printed no summary')
        rate = seeds / cpu
        best = rate if best is None or rate > best else best
    return {'ops': ops, 'seeds': seeds, 'seeds_per_cpu_s': best}


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


def adapter(bdir):
    res = {}
    wts = workload(ADAPTER_N, os.path.join(bdir, 'bench-adapter.wts'))
    best = None
    for _ in range(2):
        wall, _cpu, _rss, out = run_usage([WTKIT, 'run', '--transport', 'python:selector', wts])
        if 'exit 0' not in out:
            raise Missing('the adapter run did not pass')
        best = wall if best is None or wall < best else best
    res['produce'] = {'writes': ADAPTER_N, 'best_s': best, 'writes_per_s': ADAPTER_N / best}
    small = workload(WRITTEN_N, os.path.join(bdir, 'bench-written-src.wts'))
    plain = os.path.join(bdir, 'bench-written.wts')
    res['written_ops'] = written_out(WTKIT, small, plain)
    for who in ('now', 'baseline'):
        if who == 'now':
            exe, cwd = WTKIT, ROOT
        else:
            cwd, exe = baseline_wtkit(bdir)
        best = None
        for _ in range(2):
            t0 = time.perf_counter()
            p = subprocess.run([exe, 'run', '--transport', 'python:selector', plain], cwd=cwd,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            wall = time.perf_counter() - t0
            if b'exit 0' not in p.stdout:
                raise Missing('%s: the written-out workload did not pass: %s' %
                              (who, (p.stdout + p.stderr).decode()[-300:]))
            best = wall if best is None or wall < best else best
        res[who] = {'writes': WRITTEN_N, 'best_s': best, 'writes_per_s': WRITTEN_N / best}
    res['ratio'] = res['now']['writes_per_s'] / res['baseline']['writes_per_s']
    return res


# --- rss ----------------------------------------------------------------------

def rss(total_ops):
    seeds = total_ops // 1000
    _wall, cpu, peak, out = run_usage([WTKIT, 'sweep', '--seeds', '1..%d' % seeds,
                                       '--ops', '1000'])
    return {'ops': total_ops, 'seeds': seeds, 'peak_rss_kib': peak, 'cpu_s': cpu}


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
            value = 'n/a' if r['value'] is None else r['format'] % r['value']
            target = ''
            if r['target'] is not None:
                target = '%s %s' % (r['op'], r['format'] % r['target'])
                target += ' (binding)' if r['binding'] else ''
            if r['aim'] is not None:
                target += '%saim %s' % ('; ' if target else '', r['format'] % r['aim'])
            status = ''
            if r['met'] is not None:
                status = 'met' if r['met'] else 'MISSED'
            if r['aim_met'] is not None:
                status += ('; ' if status else '') + ('aim met' if r['aim_met'] else 'aim missed')
            if r['value'] is None:
                status = 'not measured'
            print('%-58s %14s  %-24s %s' % (r['figure'], value, target, status))

    def binding_missed(self):
        return [r for r in self.rows if r['binding'] and r['met'] is False]


def main():
    ap = argparse.ArgumentParser(description='make bench')
    ap.add_argument('--long', action='store_true', help='also the 10^8-op sweep (bench-long)')
    ap.add_argument('--out', default=os.path.join(ROOT, 'build', 'bench', 'bench.json'))
    args = ap.parse_args()
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
        t.add('e2e_wtkit_%s' % tag, 'wtkit run, %s, best / median (ms)' % tag,
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
    t.add('sweep_all_cores', 'sweep seeds/s on all cores', None, '%.0f')
    a = measure('adapter', adapter, bdir)
    t.add('adapter_produce', 'adapter path (python:selector) writes/s, %d writes' % ADAPTER_N,
          a and a['produce']['writes_per_s'], '%.0f')
    t.add('adapter_now', 'adapter path, written-out workload, writes/s now',
          a and a['now']['writes_per_s'], '%.0f')
    t.add('adapter_baseline', 'adapter path, written-out workload, writes/s baseline',
          a and a['baseline']['writes_per_s'], '%.0f')
    t.add('adapter_ratio', 'adapter path, now / baseline (same ops)',
          a and a['ratio'], '%.2fx', 5.0, '>=', True)
    sizes = [10 ** 6, 10 ** 7] + ([10 ** 8] if args.long else [])
    mem = {}
    for ops in sizes:
        mem[ops] = measure('rss_%d' % ops, rss, ops)
        t.add('rss_%d' % ops, 'peak RSS of a sweep of 10^%d ops (MiB)' % (len(str(ops)) - 1),
              mem[ops] and mem[ops]['peak_rss_kib'] / 1024.0, '%.1f')
    top = max(sizes)
    flat = None
    if mem.get(10 ** 6) and mem.get(top):
        flat = mem[top]['peak_rss_kib'] / mem[10 ** 6]['peak_rss_kib']
    t.add('rss_flat', 'RSS 10^%d / 10^6 ops%s' % (len(str(top)) - 1,
                                                   '' if args.long else ' (10^8: make bench-long)'),
          flat, '%.3f', 1.10, '<=', args.long)
    results['figures'] = t.rows
    results['errors'] = errors
    if c1:
        results['profile_judged_top'] = [
            {'instructions': i, 'percent': p, 'file': f, 'function': fn}
            for i, p, f, fn in profile_table(c1['profile'])]
    with open(args.out, 'w') as f:
        json.dump(results, f, indent=2, sort_keys=True)
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
