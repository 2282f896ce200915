"""Choose GRU4Rec's large-catalog defaults on *valid* figures of real click logs (never MovieLens, never test).

Each candidate is trained for a fixed number of epochs on `train` and scored on `valid` (Recall@20, MRR@20, median ties,
items unknown to train removed); training events/s is taken from the model's own history. Results are appended to a
JSON-lines file, one record per (data, candidate, seed), so an interrupted run resumes where it stopped.

    python nbs/scripts/large_catalog_defaults.py diginetica OUT.jsonl [candidate ...]
"""
import json, sys, time
from pathlib import Path
import numpy as np, pandas as pd
from sessrec.config import GRU4RecConfig, preset_model
from sessrec.model import GRU4Rec
from sessrec.preprocess import item_vocab, read_split

DATA = Path(__file__).resolve().parents[2].parent/'shared'/'data'

def rsc15_100k():
    "session-rec's RSC15 100k sample: train_tr / train_valid (the test file is not read)."
    read = lambda part: pd.read_csv(DATA/'rsc15-100k'/f'yoochoose-clicks-100k_{part}.txt.gz', sep='\t',
                                    dtype={'SessionId': np.int64, 'ItemId': np.int64, 'Time': np.float64})
    return read('train_tr'), read('train_valid')

def diginetica():
    s = read_split(DATA/'diginetica-srgnn')
    return s['train'], s['valid']

OFFICIAL = preset_model('diginetica')
ADAGRAD = dict(optimizer='adagrad', lr=0.05, momentum=0.15)
BPR = dict(loss='bpr-max', bpreg=0.9, sample_alpha=0.3)
CANDIDATES = {  # name -> GRU4RecConfig fields over the defaults
    'defaults': dict(loss='bpr-max'),
    'defaults-auto': {},
    'official': OFFICIAL,
    'adagrad': dict(loss='bpr-max', **ADAGRAD),
    'adagrad-b128': dict(loss='bpr-max', batch_size=128, **ADAGRAD),
    'adagrad-b128-shared': dict(loss='bpr-max', batch_size=128, shared_embedding=True, **ADAGRAD),
    'adagrad-b128-shared-bpr': dict(batch_size=128, shared_embedding=True, **ADAGRAD, **BPR),
    'h256-official': OFFICIAL | dict(hidden=256),
    'h256-b256-official': OFFICIAL | dict(hidden=256, batch_size=256),
    'h128-official': OFFICIAL | dict(hidden=128),
    'h256-e0': OFFICIAL | dict(hidden=256, dropout_embed=0.0),
    'h256-e0-h1': OFFICIAL | dict(hidden=256, dropout_embed=0.0, dropout_hidden=0.1),
    'h384-e0': OFFICIAL | dict(hidden=384, dropout_embed=0.0),
    'h256-e0-lr1': OFFICIAL | dict(hidden=256, dropout_embed=0.0, lr=0.1),
    'h512-e0': OFFICIAL | dict(dropout_embed=0.0),
    'h256-e0-lr1-b64': OFFICIAL | dict(hidden=256, dropout_embed=0.0, lr=0.1, batch_size=64),
    'h384-e0-lr1': OFFICIAL | dict(hidden=384, dropout_embed=0.0, lr=0.1),
}

def run(data, name, epochs, seed=0):
    train, valid = {'diginetica': diginetica, 'rsc15-100k': rsc15_100k}[data]()
    vocab = item_vocab(train)
    cfg = GRU4RecConfig(**(CANDIDATES[name] | dict(seed=seed, epochs=epochs)))
    model = GRU4Rec(vocab, cfg)
    t0 = time.perf_counter()
    model.fit(train, valid, progress=False)
    return dict(data=data, candidate=name, seed=seed, settings=CANDIDATES[name], n_items=len(vocab),
                history=model.history, wall_s=time.perf_counter() - t0)

if __name__ == '__main__':
    data, out, *names = sys.argv[1:]
    opts = dict(a.split('=') for a in names if '=' in a)
    epochs, seed = int(opts.get('epochs', 1)), int(opts.get('seed', 0))
    names = [n for n in names if '=' not in n] or list(CANDIDATES)
    done = {(r['data'], r['candidate'], r['seed'], len(r['history'])) for r in map(json.loads, open(out))} if Path(out).exists() else set()
    for name in names:
        if (data, name, seed, epochs) in done: continue
        rec = run(data, name, epochs, seed)
        h = rec['history'][-1]
        print(f"{data} {name}: epoch {h['epoch']} R@20 {h['valid_recall@20']:.4f} MRR@20 {h['valid_mrr@20']:.4f} "
              f"{h['train_events_per_s']:.0f} ev/s", flush=True)
        with open(out, 'a') as f: f.write(json.dumps(rec) + '\n')
