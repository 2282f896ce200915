"""Build the docs site and open two of its pages in headless Chromium, as a reader would.

The home page must show the project's title and its navigation; the exploration page must show its
plots, each image loaded (decoded, with a width). Screenshots are saved in _docs/screenshots/.
Skips, with the reason, where Chromium, its driver or Selenium is absent."""
import functools, http.server, shutil, socketserver, sys, threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from build_docs import build, root

def chromium():
    "Paths of Debian's chromium and chromedriver, or the reason they can't be used."
    try: import selenium  # noqa: F401
    except ImportError: return None, 'selenium is not installed (pip install -e ".[dev]")'
    b, d = shutil.which('chromium') or shutil.which('chromium-browser'), shutil.which('chromedriver')
    if not (b and d): return None, 'Chromium or chromedriver not found (apt-get install chromium chromium-driver)'
    return (b, d), ''

def serve(folder):
    "Serve `folder` on 127.0.0.1 at a free port, in a daemon thread; returns (server, base url)."
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a): pass
    handler = functools.partial(Quiet, directory=str(folder))
    srv = socketserver.ThreadingTCPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f'http://127.0.0.1:{srv.server_address[1]}'

def driver(binary, chromedriver):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    o = webdriver.ChromeOptions()
    o.binary_location = binary
    for a in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--window-size=1280,900'): o.add_argument(a)
    d = webdriver.Chrome(service=Service(chromedriver), options=o)
    d.set_page_load_timeout(60)
    return d

def check_pages(base, d, shots):
    "Problems found on the home page and on a page with plots (empty when both look right)."
    problems = []
    d.get(f'{base}/index.html')
    if 'sessrec' not in d.title: problems.append(f'home page title is {d.title!r}')
    links = d.execute_script("return [...document.querySelectorAll('nav a')].map(a => a.textContent.trim())")
    if not any('exploration' in l.lower() for l in links): problems.append(f'home page navigation lacks the exploration notebook: {links[:20]}')
    d.save_screenshot(str(shots/'home.png'))
    d.get(f'{base}/01_exploration.html')
    imgs = d.execute_script("return [...document.querySelectorAll('.jp-OutputArea-output img, .output img, img')]"
                            ".filter(i => i.src.startsWith('data:image/png')).map(i => [i.complete, i.naturalWidth])")
    if not imgs: problems.append('01_exploration.html has no plot image')
    elif not all(ok and w > 0 for ok, w in imgs): problems.append(f'01_exploration.html: images not loaded: {imgs}')
    d.save_screenshot(str(shots/'exploration.png'))
    return problems

def main():
    "(ok, message) for the docs check."
    site = build()
    paths, why = chromium()
    if paths is None: return None, f'site built; browser check skipped: {why}'
    shots = site/'screenshots'
    shots.mkdir(exist_ok=True)
    srv, base = serve(site)
    d = driver(*paths)
    try: problems = check_pages(base, d, shots)
    finally: d.quit(); srv.shutdown()
    return not problems, '; '.join(problems) or f'site built, 2 pages checked in Chromium (screenshots in {shots.relative_to(root)})'

if __name__ == '__main__':
    ok, msg = main()
    print({True: 'PASS', False: 'FAIL', None: 'SKIP'}[ok], msg)
    sys.exit(ok is False)
