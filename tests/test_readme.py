"""The README is generated from index.ipynb, gives exactly two commands, and CI runs the second."""
import re, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def readme_commands():
    return re.findall(r'```sh\n(.+?)\n```', (ROOT/'README.md').read_text())

def test_readme_is_generated_from_index():
    r = subprocess.run([sys.executable, str(ROOT/'tools'/'make_readme.py'), '--check'], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout

def test_two_quickstart_commands():
    cmds = readme_commands()
    assert len(cmds) == 2, cmds
    assert cmds[0].endswith('galaxy-nb demo') and 'pip install' in cmds[0]
    assert 'nbdev-test' in cmds[1] and 'pytest' in cmds[1] and '.[dev]' in cmds[1]

def test_ci_runs_the_readme_test_command():
    ci = (ROOT/'.ci'/'run').read_text().splitlines()
    assert readme_commands()[1] in ci
