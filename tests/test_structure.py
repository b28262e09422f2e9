"""The package's structure: no import cycle (imports at module level and inside functions), every module
imports on its own in a fresh process, and the dispatching modules name no model."""
import ast, re, subprocess, sys
from pathlib import Path

PKG = Path(__file__).parents[1]/'galaxy_nb'
MODULES = sorted(f'galaxy_nb.{f.stem}' for f in PKG.glob('*.py') if f.stem not in ('__init__', '_modidx'))

def imports_of(mod:str) -> set:
    "The package modules `mod` imports anywhere (module level or in functions)."
    tree, out = ast.parse((PKG/f"{mod.split('.')[1]}.py").read_text()), set()
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom):
            base = ('galaxy_nb' + (f'.{n.module}' if n.module else '')) if n.level else (n.module or '')
            names = [base] + [f'{base}.{a.name}' for a in n.names]
        elif isinstance(n, ast.Import): names = [a.name for a in n.names]
        else: continue
        out |= {m for m in names if m in MODULES and m != mod}
    return out

def find_cycle(graph:dict):
    "One import cycle of `graph` (module -> imported modules) as a list, or None."
    state, stack = {}, []
    def visit(v):
        state[v] = 1; stack.append(v)
        for w in sorted(graph[v]):
            if state.get(w) == 1: return stack[stack.index(w):] + [w]
            if w not in state and (c := visit(w)): return c
        state[v] = 2; stack.pop()
    for v in sorted(graph):
        if v not in state and (c := visit(v)): return c

def test_cycle_finder_finds_cycles():
    assert find_cycle({'a': {'b'}, 'b': {'c'}, 'c': {'a'}}) == ['a', 'b', 'c', 'a']
    assert find_cycle({'a': {'b'}, 'b': set()}) is None

def test_no_import_cycle():
    graph = {m: imports_of(m) for m in MODULES}
    assert len(graph) >= 18
    assert find_cycle(graph) is None, find_cycle(graph)

def test_layers_point_one_way():
    "core <- data <- runs <- registry <- features / synth <- scorers and models <- metrics <- pipeline <- cli / demo."
    low = {'galaxy_nb.core': set(), 'galaxy_nb.data': {'galaxy_nb.core'},
           'galaxy_nb.registry': {'galaxy_nb.core'}, 'galaxy_nb.runs': {'galaxy_nb.core'}}
    for m, allowed in low.items(): assert imports_of(m) <= allowed, (m, imports_of(m))
    for m in ('galaxy_nb.features', 'galaxy_nb.synth'):
        assert imports_of(m) <= {'galaxy_nb.core', 'galaxy_nb.data', 'galaxy_nb.kernels'}, (m, imports_of(m))
    for m in ('galaxy_nb.gan', 'galaxy_nb.srm', 'galaxy_nb.patches', 'galaxy_nb.two_in_one', 'galaxy_nb.sources',
              'galaxy_nb.scorers'):
        assert not imports_of(m) & {'galaxy_nb.metrics', 'galaxy_nb.pipeline', 'galaxy_nb.cli', 'galaxy_nb.demo'}, m
    assert not imports_of('galaxy_nb.metrics') & {'galaxy_nb.pipeline', 'galaxy_nb.cli', 'galaxy_nb.demo'}
    assert not imports_of('galaxy_nb.metrics') & {'galaxy_nb.gan', 'galaxy_nb.srm', 'galaxy_nb.two_in_one',
                                                  'galaxy_nb.scorers', 'galaxy_nb.patches', 'galaxy_nb.sources'}

FRESH = """
import importlib, sys
mods = sys.argv[1:]
def fresh():
    for k in [k for k in sys.modules if k == 'galaxy_nb' or k.startswith('galaxy_nb.')]: del sys.modules[k]
for m in mods:                      # each module first, with no other package module loaded before it
    fresh(); importlib.import_module(m)
fresh()
for m in reversed(mods): importlib.import_module(m)      # and all of them, in reverse order
"""

def test_every_module_imports_in_any_order():
    "Each module imports with no other package module loaded (third-party libraries stay cached: one process)."
    r = subprocess.run([sys.executable, '-c', FRESH, *MODULES], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-600:]

def test_dispatchers_name_no_model():
    from galaxy_nb.registry import registered
    names = set(registered('generator', load=True)) | set(registered('scorer', load=True))
    for f in ('pipeline', 'cli', 'demo', 'sweep'):
        src = (PKG/f'{f}.py').read_text()
        hits = [n for n in names if re.search(rf"['\"]{re.escape(n)}['\"]", src)]
        assert not hits, (f, hits)
