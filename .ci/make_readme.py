"""Write README.md from nbs/index.ipynb without Quarto: markdown cells as they are, code cells
(and their text outputs) as fenced blocks; cells marked `#| hide` are left out and `#|` lines dropped."""
from pathlib import Path
import nbformat

root = Path(__file__).resolve().parent.parent

def cell_md(c):
    src = c.source
    lines = src.splitlines()
    if any(l.strip().replace(' ', '') in ('#|hide', '#|include:false') for l in lines): return ''
    if c.cell_type == 'markdown': return src.strip()
    if c.cell_type != 'code': return ''
    body = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
    out = [f'```python\n{body}\n```'] if body else []
    for o in c.get('outputs', []):
        text = o.get('text') or o.get('data', {}).get('text/markdown') or o.get('data', {}).get('text/plain')
        if text: out.append(f"```\n{''.join(text).rstrip()}\n```" if 'text/markdown' not in o.get('data', {}) else ''.join(text))
    return '\n\n'.join(out)

def make_readme(nb_path=root/'nbs'/'index.ipynb', out=root/'README.md'):
    nb = nbformat.read(nb_path, as_version=4)
    parts = [p for p in map(cell_md, nb.cells) if p]
    text = '<!-- generated from nbs/index.ipynb by .ci/make_readme.py: edit the notebook, not this file -->\n\n' + '\n\n'.join(parts) + '\n'
    out.write_text(text, encoding='utf-8')

if __name__ == '__main__': make_readme()
