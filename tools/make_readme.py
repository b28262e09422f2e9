"""Write README.md from index.ipynb (nbdev-readme needs Quarto, which has no installable wheel here).

Markdown cells are copied as they are; code cells become ```python blocks and their text outputs plain blocks.
`python tools/make_readme.py --check` exits 1 if README.md is out of date.
"""
import json, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def render(nb_path=ROOT/'index.ipynb') -> str:
    nb = json.loads(Path(nb_path).read_text())
    out = []
    for c in nb['cells']:
        src = ''.join(c['source']).rstrip()
        if not src or src.startswith('#| hide'): continue
        if c['cell_type'] == 'markdown': out.append(src)
        elif c['cell_type'] == 'code':
            out.append('```python\n' + '\n'.join(l for l in src.splitlines() if not l.startswith('#|')) + '\n```')
            for o in c.get('outputs', []):
                txt = o.get('text') or o.get('data', {}).get('text/plain')
                if txt: out.append('```\n' + ''.join(txt).rstrip() + '\n```')
    return '<!-- generated from index.ipynb by tools/make_readme.py; edit the notebook, not this file -->\n\n' + '\n\n'.join(out) + '\n'

if __name__ == '__main__':
    txt = render()
    if '--check' in sys.argv:
        ok = (ROOT/'README.md').exists() and (ROOT/'README.md').read_text() == txt
        print('README.md is up to date' if ok else 'README.md is out of date: run python tools/make_readme.py')
        sys.exit(0 if ok else 1)
    (ROOT/'README.md').write_text(txt)
    print('wrote README.md')
