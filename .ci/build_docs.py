"""Build the documentation site from the notebooks' stored outputs, offline: `python .ci/build_docs.py`.

Quarto (`nbdev_docs`) cannot be installed here, so the site is built with MkDocs (Material theme) and
mkdocs-jupyter, which renders notebooks as they are stored: nothing is executed. The notebooks are first
prepared as nbdev prepares them for Quarto: `#| hide` cells are left out, `#|` lines are dropped, and each
`#| export` cell is replaced by the API of what it defines (`nbdev.showdoc.show_doc`: signature and
docments). Pages follow the notebooks' reading order with index.ipynb as the home page. Output: _docs/."""
import argparse, ast, importlib, json, os, re, shutil, subprocess, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
stage = root/'_proc'/'docs'

def flags(cell):
    "The `#| ...` directive lines of a code cell, as {name: rest}."
    out = {}
    for line in cell.source.splitlines():
        if not line.strip().startswith('#|'): break
        name, _, rest = line.strip()[2:].strip().partition(' ')
        out[name.rstrip(':')] = rest.strip()
    return out

def api_names(src):
    "Public functions and classes defined at the top level of an exported cell."
    try: tree = ast.parse(src)
    except SyntaxError: return []
    return [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and not n.name.startswith('_')]

def api_markdown(module, name):
    "`show_doc` of `module.name` as plain Markdown (Quarto's attribute syntax removed)."
    from nbdev.showdoc import show_doc
    md = show_doc(getattr(module, name), title_level=4)._repr_markdown_()
    return re.sub(r'^\[source\]\(.*\)\{.*\}\s*$', '', md, flags=re.M).replace('---\n', '', 1).strip()

def clean_output(o):
    "Drop Quarto-only attributes from markdown outputs (e.g. show_doc's source link)."
    md = o.get('data', {}).get('text/markdown')
    if md: o['data']['text/markdown'] = re.sub(r'^\[source\]\(.*\)\{.*\}\s*$', '', ''.join(md), flags=re.M)
    return o

def prepare(nb, module):
    "The cells of notebook `nb` as the site shows them."
    import nbformat
    cells = []
    for c in nb.cells:
        if c.cell_type != 'code': cells.append(c); continue
        f = flags(c)
        if 'hide' in f or 'default_exp' in f or f.get('include') == 'false': continue
        if 'export' in f and module is not None:
            names = [n for n in api_names(c.source) if hasattr(module, n)]
            cells += [nbformat.v4.new_markdown_cell(api_markdown(module, n)) for n in names]
            continue
        c.source = '\n'.join(l for l in c.source.splitlines() if not l.strip().startswith('#|')).strip()
        c.outputs = [clean_output(o) for o in c.get('outputs', [])]
        if c.source or c.outputs: cells.append(c)
    h1 = next((i for i, c in enumerate(cells) if c.cell_type == 'markdown' and re.search(r'^#\s', c.source, re.M)), 0)
    nb.cells = [cells[h1]] + cells[:h1] + cells[h1 + 1:]  # the title first, as nbdev's front matter puts it
    return nb

def title(nb, default):
    "The notebook's `# Title`."
    for c in nb.cells:
        m = re.search(r'^#\s+(.+)$', c.source, re.M) if c.cell_type == 'markdown' else None
        if m: return m.group(1).strip()
    return default

def config(nav):
    "The MkDocs configuration (offline: no web fonts, no CDN)."
    return {'site_name': 'sessrec', 'site_description': 'Session-based next-item recommendation with GRU4Rec in TensorFlow',
            'docs_dir': 'docs', 'site_dir': str(root/'_docs'), 'use_directory_urls': False, 'nav': nav,
            'theme': {'name': 'material', 'font': False, 'features': ['navigation.footer', 'search.highlight']},
            'plugins': ['search', {'mkdocs-jupyter': {'execute': False, 'include_source': True, 'include_requirejs': False, 'no_prompt': True,
                                                      'ignore_h1_titles': True}}],
            'markdown_extensions': ['tables', 'admonition', 'pymdownx.superfences']}

def build(strict=True):
    "Prepare the notebooks in _proc/docs and build the site into _docs/; returns the site's folder."
    import nbformat
    sys.path.insert(0, str(root))
    if stage.parent.exists(): shutil.rmtree(stage.parent)
    stage.mkdir(parents=True)
    nbs = sorted((root/'nbs').glob('*.ipynb'), key=lambda p: (p.name != 'index.ipynb', p.name))
    nav = []
    for p in nbs:
        nb = nbformat.read(p, as_version=4)
        exp = next((flags(c)['default_exp'] for c in nb.cells if c.cell_type == 'code' and 'default_exp' in flags(c)), None)
        module = importlib.import_module(f'sessrec.{exp}') if exp else None
        nav.append({('Home' if p.name == 'index.ipynb' else title(nb, p.stem)): p.name})
        nbformat.write(prepare(nb, module), stage/p.name)
    for d in (root/'nbs').iterdir():  # images and other files the notebooks link to
        if d.is_dir() and not d.name.startswith(('.', '_')): shutil.copytree(d, stage/d.name)
    cfg = stage.parent/'mkdocs.yml'
    cfg.write_text(json.dumps(config(nav), indent=1))  # JSON is YAML
    r = subprocess.run([sys.executable, '-m', 'mkdocs', 'build', '-q', *(['--strict'] if strict else []), '-f', str(cfg)],
                       capture_output=True, text=True)
    if r.returncode: raise RuntimeError(f'mkdocs build failed:\n{r.stdout[-3000:]}{r.stderr[-3000:]}')
    return root/'_docs'

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--no-strict', action='store_true', help='do not turn MkDocs warnings into errors')
    site = build(strict=not p.parse_args().no_strict)
    print(f'site built: {site.relative_to(root)}/index.html ({sum(1 for _ in site.rglob("*.html"))} pages)')
