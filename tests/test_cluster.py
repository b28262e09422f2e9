"""The Dask cluster path (`--scheduler`), against a real scheduler and workers started as separate processes
(`dask scheduler`, `dask worker`), not only a `LocalCluster`: the same bytes as a local run, a worker killed
mid-run, a scheduler that goes away, and the one-line errors for bad addresses and mismatched workers."""
import os, signal, socket, subprocess, sys, time
from pathlib import Path
import pytest

pytest.importorskip('distributed')
BIN = Path(sys.executable).parent


def run(*args, env=None):
    "`galaxy-nb args` in a subprocess (the cluster's processes need their own), with extra `env`."
    return subprocess.run([str(BIN/'galaxy-nb'), *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)


def error_line(err: str) -> str:
    "The last non-empty line of stderr: the one-line error."
    lines = [l for l in err.splitlines() if l.strip()]
    assert lines, err
    return lines[-1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]


class Cluster:
    "A `dask scheduler` and `dask worker` processes on localhost, stopped at the end."
    def __init__(self, tmp: Path):
        self.tmp, self.procs, self.workers = tmp, [], []
        self.address = f'tcp://127.0.0.1:{free_port()}'
        self.sched = self._start('scheduler', ['scheduler', '--host', '127.0.0.1',
                                               '--port', self.address.rsplit(':', 1)[1], '--no-dashboard'])

    def _start(self, name, args, env=None):
        log = open(self.tmp/f'{name}.log', 'w')
        p = subprocess.Popen([str(BIN/'dask'), *args], stdout=log, stderr=subprocess.STDOUT,
                             env={**os.environ, **(env or {})})
        self.procs.append(p); return p

    def add_worker(self, preload: str | None = None, cache: Path | None = None):
        "A worker; `cache` is its feature cache (a worker reads its own environment, not the client's)."
        env = dict(OMP_NUM_THREADS='1', GALAXY_NB_CACHE=str(cache or self.tmp/'worker-cache'))
        # no nanny: a SIGKILL then kills the worker itself, not a supervisor that would restart it
        args = ['worker', self.address, '--nthreads', '1', '--no-nanny', '--no-dashboard']
        if preload: args += ['--preload', preload]
        p = self._start(f'worker{len(self.workers)}', args, env=env)
        self.workers.append(p); return p

    def wait_workers(self, n: int, timeout: float = 60):
        from distributed import Client
        with Client(self.address, timeout=timeout) as c: c.wait_for_workers(n, timeout=timeout)

    def stop(self):
        for p in self.procs:
            if p.poll() is None: p.kill()
        for p in self.procs: p.wait()


@pytest.fixture
def cluster(tmp_path):
    c = Cluster(tmp_path)
    yield c
    c.stop()


@pytest.fixture(scope='module')
def field_data(tmp_path_factory):
    "82 images at 1000x1000 (the tiny preset at full size): `features --kind all` takes seconds."
    d = tmp_path_factory.mktemp('cl')/'d'
    run('synth', '--out', d, '--preset', 'tiny', '--size', 1000, '--quiet')
    return d


def cache_env(path):
    return dict(GALAXY_NB_CACHE=str(path))


def test_same_bytes_on_scheduler_and_workers(cluster, tmp_path):
    for _ in range(2): cluster.add_worker()
    cluster.wait_workers(2)
    a = ['--scheduler', cluster.address, '--quiet']
    # synth: the cluster's workers write the images; the same seed gives the same files
    r = run('synth', '--out', tmp_path/'loc', '--preset', 'tiny', '--seed', 3, '--quiet')
    r = run('synth', '--out', tmp_path/'clu', '--preset', 'tiny', '--seed', 3, *a)
    assert r.returncode == 0, r.stderr
    from galaxy_nb.synth import tree_digest
    assert tree_digest(tmp_path/'loc') == tree_digest(tmp_path/'clu')
    # features: the same table, computed on the workers (no cache, so nothing is read back)
    d = tmp_path/'loc'
    run('features', '--data', d, '--out', tmp_path/'loc.csv', '--kind', 'all', '--no-cache',
        '--quiet', env=cache_env(tmp_path/'c1'))
    r = run('features', '--data', d, '--out', tmp_path/'clu.csv', '--kind', 'all', '--no-cache', *a)
    assert r.returncode == 0, r.stderr
    assert (tmp_path/'loc.csv').read_bytes() == (tmp_path/'clu.csv').read_bytes()
    # generate: batches drawn on the workers, written in order by the client
    r = run('train', '--model', 'patches', '--data', d, '--out', tmp_path/'run', '--quiet')
    assert r.returncode == 0, r.stderr
    run('generate', '--model', tmp_path/'run', '--n', 10, '--bs', 3, '--out', tmp_path/'g1', '--quiet')
    r = run('generate', '--model', tmp_path/'run', '--n', 10, '--bs', 3, '--out', tmp_path/'g2', *a)
    assert r.returncode == 0, r.stderr
    assert tree_digest(tmp_path/'g1') == tree_digest(tmp_path/'g2')
    # the environment variable does what the flag does
    r = run('oracle', '--images', d/'scored', '--out', tmp_path/'o.csv', '--quiet',
            env=dict(GALAXY_NB_SCHEDULER=cluster.address))
    assert r.returncode == 0, r.stderr
    assert (tmp_path/'o.csv').read_bytes() == (d/'scored.csv').read_bytes()


def _run_until(args, env, ready, action, timeout=120):
    "Start a command, call `action` once `ready()` holds while it runs; return (returncode, stderr)."
    p = subprocess.Popen([str(BIN/'galaxy-nb'), *map(str, args)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env={**os.environ, **env})
    t0, acted = time.time(), False
    while time.time() - t0 < timeout and p.poll() is None:
        if ready(): action(); acted = True; break
        time.sleep(0.02)
    assert acted and p.poll() is None, "the command ended before the fault could be injected"
    out, err = p.communicate(timeout=timeout)
    return p.returncode, err


def _cached(path) -> int:
    return sum(1 for _ in Path(path).rglob('manual-v*/*/*.npy'))


def test_worker_killed_mid_run(cluster, tmp_path, field_data):
    for _ in range(2): cluster.add_worker()
    cluster.wait_workers(2)
    run('features', '--data', field_data, '--out', tmp_path/'loc.csv', '--kind', 'all', '--quiet',
        env=cache_env(tmp_path/'c1'))
    victim, wcache = cluster.workers[0], tmp_path/'worker-cache'
    out = tmp_path/'clu.csv'
    rc, err = _run_until(['features', '--data', field_data, '--out', out, '--kind', 'all',
                          '--scheduler', cluster.address, '--quiet'], {},
                         lambda: _cached(wcache) >= 8, lambda: victim.send_signal(signal.SIGKILL))
    assert victim.wait(10) == -signal.SIGKILL
    assert rc == 0, err
    assert out.read_bytes() == (tmp_path/'loc.csv').read_bytes()
    assert _cached(wcache) == len(list(field_data.rglob('*.png')))
    assert not [p for p in tmp_path.glob('.*') if 'clu' in p.name]     # no temporary left


def test_scheduler_gone_mid_run(cluster, tmp_path, field_data):
    cluster.add_worker(); cluster.wait_workers(1)
    out = tmp_path/'clu.csv'
    rc, err = _run_until(['features', '--data', field_data, '--out', out, '--kind', 'all',
                          '--scheduler', cluster.address, '--quiet'], {},
                         lambda: _cached(tmp_path/'worker-cache') >= 4,
                         lambda: cluster.sched.send_signal(signal.SIGKILL))
    assert rc == 2
    line = error_line(err)
    assert line.startswith(f'galaxy-nb: error: scheduler {cluster.address}: lost during'), err
    assert not out.exists() and not [p for p in tmp_path.glob('.clu*')]


def test_unreachable_address(tmp_path, field_data):
    addr = f'tcp://127.0.0.1:{free_port()}'
    r = run('features', '--data', field_data/'query', '--out', tmp_path/'f.csv', '--scheduler', addr)
    assert r.returncode == 2
    assert error_line(r.stderr).startswith(f'galaxy-nb: error: scheduler {addr}: cannot connect')
    assert not (tmp_path/'f.csv').exists()


PRELOAD_MISSING = '''
import sys
class _Block:
    def find_spec(self, name, path=None, target=None):
        if name == 'galaxy_nb' or name.startswith('galaxy_nb.'): raise ModuleNotFoundError(name)
sys.meta_path.insert(0, _Block())
'''
PRELOAD_OTHER = '''
import sys, types
m = types.ModuleType('galaxy_nb.cluster'); m.package_version = lambda: '0.0.9+0123456789ab'
sys.modules['galaxy_nb.cluster'] = m
'''


@pytest.mark.parametrize('preload,says', [(PRELOAD_MISSING, 'galaxy_nb none (ModuleNotFoundError)'),
                                          (PRELOAD_OTHER, 'galaxy_nb 0.0.9+0123456789ab')])
def test_workers_without_this_galaxy_nb(cluster, tmp_path, field_data, preload, says):
    (tmp_path/'pre.py').write_text(preload)
    cluster.add_worker(); cluster.add_worker(str(tmp_path/'pre.py')); cluster.wait_workers(2)
    r = run('features', '--data', field_data/'query', '--out', tmp_path/'f.csv',
            '--scheduler', cluster.address)
    assert r.returncode == 2
    line = error_line(r.stderr)
    from galaxy_nb.cluster import package_version
    assert line.startswith(f'galaxy-nb: error: scheduler {cluster.address}: 1 worker(s) differ'), line
    assert package_version() in line and says in line, line
    assert not (tmp_path/'f.csv').exists()


def test_sweep_on_cluster(cluster, tmp_path, tiny):
    "`sweep --scheduler`: each papermill run is a task on a worker; the client gathers sweep.csv as locally."
    for _ in range(2): cluster.add_worker()
    cluster.wait_workers(2)
    out = tmp_path/'sw'
    r = run('sweep', '--notebook', 'patches', '--out', out, '--grid', 'cell=16,32', '--set', f'data={tiny}',
            '--set', 'n_samples=4', '--scheduler', cluster.address, '--quiet')
    assert r.returncode == 0, r.stderr
    import json, pandas as pd
    t = pd.read_csv(out/'sweep.csv')
    assert list(t.status) == ['ok', 'ok'] and list(t.cell) == [16, 32] and t.knn1.notna().all()
    info = json.loads((out/'sweep.json').read_text())
    assert info['scheduler'] == cluster.address and info['state'] == 'done'
    assert all((out/'runs'/n/'metrics.json').is_file() for n in t.run)
