"""Helpers the command-line tests share: run `galaxy-nb` in-process and read its one-line error."""
from galaxy_nb.cli import main

def run(capsys, *args):
    "Run `galaxy-nb args` in-process; return (exit code, stderr)."
    rc = main([str(a) for a in args])
    return rc, capsys.readouterr().err

def error_line(capsys, *args):
    "Run `galaxy-nb args`, check that it fails with exit code 2, and return its last (error) line."
    rc, err = run(capsys, *args)
    lines = [l for l in err.splitlines() if l.strip()]
    assert rc == 2 and lines and lines[-1].startswith('galaxy-nb: error: '), err
    return lines[-1]
