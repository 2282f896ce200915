"""Execute notebooks top to bottom and store their outputs in place, then `nbdev_clean` them.

`python .ci/run_notebooks.py [--slow] [NOTEBOOK...]` (default: every notebook in nbs/).
Cells flagged `realdata` run when ../shared/data is there; cells flagged `slow` run only with `--slow`.
A cell that is not run keeps the outputs it had, so the stored outputs of a slow cell stay those of its
last real run. A cell that is run gets exactly its new outputs (none if it shows nothing).
Progress bars are off (TQDM_DISABLE) and figures are stored as plain PNGs."""
import argparse, os, subprocess, sys, time
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def directives(cell):
    "The `#| name` flags at the top of a code cell; `eval: false` counts as the flag 'no-eval'."
    flags = set()
    for line in cell.source.splitlines():
        s = line.strip()
        if not s.startswith('#|'): break
        words = s[2:].replace(':', ' ').split()
        flags.update(['no-eval'] if words[:2] == ['eval', 'false'] else words[:1])
    return flags

def run_one(args):
    fn, skip = args
    os.environ['TQDM_DISABLE'] = '1'
    os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
    from execnb.nbio import read_nb, write_nb
    from execnb.shell import CaptureShell
    nb, t0 = read_nb(fn), time.time()
    shell = CaptureShell(fn, mpl_format='png')
    shell.run_cell("import matplotlib as _mpl; _mpl.rcParams.update({'figure.dpi': 80, 'savefig.dpi': 80})\n"
                   "import pandas as _pd; _pd.set_option('display.width', 150); _pd.set_option('display.max_columns', 30)")
    def skipped(cell):
        if cell.cell_type != 'code' or (directives(cell) & skip): return True
        cell.outputs = []  # execnb keeps old outputs when a cell shows nothing
        return False
    cwd = os.getcwd()
    os.chdir(Path(fn).parent)
    try: shell.run_all(nb, exc_stop=True, preproc=skipped)
    except Exception:
        return str(fn), False, time.time() - t0, shell.prettytb(fname=fn)
    finally: os.chdir(cwd)
    write_nb(nb, fn)
    return str(fn), True, time.time() - t0, ''

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--slow', action='store_true', help='also run cells flagged `slow` (minutes to an hour)')
    p.add_argument('--no-realdata', action='store_true', help='skip cells flagged `realdata` even when the data is there')
    p.add_argument('--jobs', type=int, default=min(2, os.cpu_count() or 1), help='notebooks run side by side')
    p.add_argument('notebooks', nargs='*', help='notebooks to run (default: all in nbs/)')
    a = p.parse_args()
    sys.path.insert(0, str(root))
    from sessrec.data import real_data
    skip = {'slow', 'realdata', 'no-eval'}
    if a.slow: skip.discard('slow')
    if not a.no_realdata and real_data('ml-1m-u2999') is not None: skip.discard('realdata')
    print(f"cells skipped (outputs kept): {sorted(skip - {'no-eval'}) or 'none'} and `eval: false`", flush=True)
    nbs = [Path(n).absolute() for n in a.notebooks] or sorted(p.absolute() for p in (root/'nbs').glob('*.ipynb') if not p.name.startswith('_'))
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    failed = []
    with ProcessPoolExecutor(max(1, a.jobs), mp_context=mp.get_context('spawn'),
                             **({'max_tasks_per_child': 1} if sys.version_info >= (3, 11) else {})) as pool:
        for fn, ok, secs, err in pool.map(run_one, [(n, skip) for n in nbs]):
            print(f"{'saved' if ok else 'FAILED (not saved)'} {Path(fn).name} ({secs:.0f}s)", flush=True)
            if not ok: failed.append(fn); print(err[-4000:], flush=True)
    clean = Path(sys.executable).parent/'nbdev_clean'
    for n in nbs:
        if str(n) not in failed: subprocess.run([str(clean), '--fname', str(n)], cwd=root, check=True)
    sys.exit(1 if failed else 0)

if __name__ == '__main__': main()
