"""sessrec's test command: sync checks, then every notebook's test cells (nbdev's `test_nb`).

Prints one line per check and notebook and ends with `N passed, N failed`.
Cells flagged `realdata` run when the real MovieLens files are found (see `sessrec.data.real_data`);
cells flagged `slow` run only with `--slow`."""
import argparse, ast, os, shutil, subprocess, sys, tempfile, time
from pathlib import Path

root = Path(__file__).resolve().parent.parent
os.chdir(root)

def sh(*cmd, cwd=root): return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)

def tracked_copy(dest):
    "Copy the files git would see (tracked and untracked-but-not-ignored) into `dest`."
    files = sh('git', 'ls-files', '-co', '--exclude-standard').stdout.split('\n')
    for f in filter(None, files):
        if not (root/f).exists(): continue
        (dest/f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root/f, dest/f)

def diff_after(cmds, paths):
    "Run `cmds` in a scratch copy of the tree; return the files among `paths` they would change."
    with tempfile.TemporaryDirectory() as d:
        d = Path(d); tracked_copy(d)
        for c in cmds:
            r = subprocess.run(c, cwd=d, capture_output=True, text=True, shell=True)
            if r.returncode: return [f'`{c}` failed: {r.stderr.strip()[-500:]}']
        changed = []
        for p in paths:
            for f in sorted(set((d/p).rglob('*')) | set((root/p).rglob('*') if (root/p).is_dir() else [])):
                rel = f.relative_to(d) if str(f).startswith(str(d)) else f.relative_to(root)
                if '__pycache__' in rel.parts or rel.suffix == '.pyc': continue
                a, b = root/rel, d/rel
                if a.is_dir() or b.is_dir(): continue
                if not a.exists() or not b.exists() or a.read_bytes() != b.read_bytes(): changed.append(str(rel))
            if (root/p).is_file() and (root/p).read_bytes() != (d/p).read_bytes(): changed.append(p)
        return sorted(set(changed))

TESTS = ('test_eq', 'test_ne', 'test_close', 'test_fail', 'test_is', 'test_warns', 'test_eq_type', 'test_shuffled', 'test_stdout')

def _calls(node):
    "Calls in `node` outside function and class bodies."
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)): return
    if isinstance(node, ast.Call): yield node
    for c in ast.iter_child_nodes(node): yield from _calls(c)

def _name(call):
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ''

def displays(src):
    "Does a code cell show something: a final expression (not `;`-silenced, not a test), a print, a plot or show_doc?"
    code = '\n'.join(l for l in src.splitlines() if not l.lstrip().startswith(('#|', '%', '!')))
    try: tree = ast.parse(code)
    except SyntaxError: return False
    if not tree.body: return False
    last, tail = tree.body[-1], code.rstrip().splitlines()[-1].split('#')[0].rstrip()
    if isinstance(last, ast.Expr) and not tail.endswith(';'):
        if not (isinstance(last.value, ast.Call) and _name(last.value) in TESTS): return True
    return any(n in ('print', 'display', 'show_doc', 'show') or 'plot' in n for n in map(_name, _calls(tree)))

def missing_outputs(nb_paths):
    "Notebooks without any output, and cells that show something but have no stored output."
    import nbformat
    problems = []
    for fn in nb_paths:
        nb = nbformat.read(fn, as_version=4)
        code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == 'code']
        if code and not any(c.get('outputs') for _, c in code): problems.append(f'{fn.name}: no cell has an output (run .ci/run_notebooks.py {fn.name})')
        problems += [f'{fn.name} cell [{i}]: shows something but has no stored output: {c.source.strip().splitlines()[-1][:70]!r}'
                     for i, c in code if displays(c.source) and not c.get('outputs')]
    return problems

def checks():
    py = sys.executable
    bindir = Path(py).parent
    yield 'notebooks are clean (nbdev_clean)', diff_after([f'{bindir}/nbdev_clean'], ['nbs'])
    yield 'sessrec/ matches nbs/ (nbdev_export)', diff_after([f'{bindir}/nbdev_export'], ['sessrec'])
    yield 'README.md matches nbs/index.ipynb', diff_after([f'{py} .ci/make_readme.py'], ['README.md'])
    yield 'notebooks are stored with their outputs', missing_outputs(notebooks())
    yield 'docs site builds and renders in headless Chromium', docs_check()

def docs_check():
    "Problems of the docs site (`.ci/docs_test.py`), or None when the browser part was skipped."
    sys.path.insert(0, str(root/'.ci'))
    import docs_test
    try: ok, msg = docs_test.main()
    except Exception as e: return [f'{type(e).__name__}: {e}'[:3000]]
    print(f'  {msg}', flush=True)
    return None if ok is None else [] if ok else [msg]

def run_nb(args):
    fn, skip, force = args
    from nbdev.test import test_nb
    import io, contextlib
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        ok, secs = test_nb(fn, skip_flags=skip, force_flags=force, showerr=True)
    return str(fn), ok, secs, err.getvalue()

def notebooks(): return sorted(p.absolute() for p in (root/'nbs').glob('*.ipynb') if not p.name.startswith('_'))

def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--slow', action='store_true', help='also run cells flagged `slow`')
    p.add_argument('--no-realdata', action='store_true', help='skip cells flagged `realdata` even when the data is there')
    p.add_argument('notebooks', nargs='*', help='notebooks to test (default: all in nbs/)')
    a = p.parse_args()
    passed = failed = skipped = 0
    if not a.notebooks:
        for name, problems in checks():
            if problems is None: skipped += 1; print(f'SKIP {name}', flush=True); continue
            ok = not problems
            passed += ok; failed += not ok
            print(f"{'PASS' if ok else 'FAIL'} {name}" + ('' if ok else ':\n  ' + '\n  '.join(problems[:20])), flush=True)
    from sessrec.data import real_data
    force = []
    if a.slow: force.append('slow')
    if not a.no_realdata and real_data('ml-1m-u2999') is not None: force.append('realdata')
    skip = ['slow', 'realdata']
    print(f"flags run: {force or 'none'} (realdata cells need ../shared/data; slow cells need --slow)", flush=True)
    nbs = [Path(n).absolute() for n in a.notebooks] or notebooks()
    # each notebook in a fresh process (execnb replaces __main__, so workers are not reused);
    # not a multiprocessing.Pool: its daemonic workers could not start the worker processes of `sessrec experiment --jobs`
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(min(2, os.cpu_count() or 1), mp_context=mp.get_context('spawn'),
                             **({'max_tasks_per_child': 1} if sys.version_info >= (3, 11) else {})) as pool:
        for fn, ok, secs, err in pool.map(run_nb, [(n, skip, force) for n in nbs]):
            passed += ok; failed += not ok
            print(f"{'PASS' if ok else 'FAIL'} {Path(fn).name} ({secs:.0f}s)", flush=True)
            if not ok: print(err[-4000:], flush=True)
    print(f'{passed} passed, {failed} failed' + (f', {skipped} skipped' if skipped else ''))
    sys.exit(1 if failed else 0)

if __name__ == '__main__': main()
