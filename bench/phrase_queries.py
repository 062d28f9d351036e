#!/usr/bin/python3
"""Deterministically sample phrase queries from the generated archive CSV.

usage: /usr/bin/python3 bench/phrase_queries.py CORPUS.csv OUTDIR
(CORPUS.csv from `bench/gen_corpus -n 166848 --format csv`; bench/phrase_run.sh
times the files it writes.)

Reads the first N_RECORDS CSV records (fields may span lines).  A "word" is a
whitespace-separated token that is letters only (str.isalpha) after
lower-casing; a phrase is 2 or 3 such tokens that are consecutive in the raw
text (so no punctuation/digits inside or between them: phrases never cross
a comma or sentence end).  Per column (name/goal/description) and per length,
50 phrases are drawn uniformly over occurrences (reservoir sampling), distinct.

Outputs (one query per line; `grantsearch batch` takes QUERY or ID<TAB>QUERY):
  queries.txt    300 lines  ID<TAB>"w1 w2" / "w1 w2 w3"  (ids p2_001.., p3_001..)
  mixed.txt      150 lines  100x  word "two words"   + 50x  "two words" -"other two"
  mixed_not.txt   50 lines  the same 50 negations written  "two words" NOT "other two"
                            (parsers before schema 2 did not negate -"...")
"""
import csv, random, sys

SRC = sys.argv[1]
N_RECORDS = 20000
SEED = 20241122
COLS = ['name', 'goal', 'description']
PER = 50          # per column per length -> 150 per length
OUT = sys.argv[2].rstrip('/') + '/'

csv.field_size_limit(1 << 30)
rng = random.Random(SEED)
K = 4000           # reservoir size (oversample, then dedupe)
res = {(c, n): [] for c in COLS for n in (2, 3)}
seen = {(c, n): 0 for c in COLS for n in (2, 3)}
vocab = {}        # word -> count, for the "word from elsewhere"

def ok(t):
    return t.isalpha()

with open(SRC, encoding='utf-8', newline='') as f:
    r = csv.reader(f, delimiter=';')
    hdr = next(r)
    idx = {c: hdr.index(c) for c in COLS}
    for rec_no, row in enumerate(r):
        if rec_no >= N_RECORDS:
            break
        if len(row) != len(hdr):
            continue
        for c in COLS:
            toks = [t.lower() for t in row[idx[c]].split()]
            good = [ok(t) for t in toks]
            for i, t in enumerate(toks):
                if good[i] and len(t) >= 4:
                    vocab[t] = vocab.get(t, 0) + 1
            for n in (2, 3):
                key = (c, n)
                for i in range(len(toks) - n + 1):
                    if all(good[i:i + n]):
                        ph = ' '.join(toks[i:i + n])
                        s = seen[key]
                        seen[key] = s + 1
                        if s < K:
                            res[key].append(ph)
                        else:
                            j = rng.randrange(s + 1)
                            if j < K:
                                res[key][j] = ph

def pick(key, k, exclude):
    pool = res[key][:]
    rng.shuffle(pool)
    out = []
    for ph in pool:
        if ph not in exclude and ph not in out:
            out.append(ph)
            if len(out) == k:
                break
    assert len(out) == k, key
    return out

used = set()
phr = {2: [], 3: []}
for n in (2, 3):
    for c in COLS:
        got = pick((c, n), PER, used)
        used.update(got)
        phr[n] += got

with open(OUT + 'queries.txt', 'w') as f:
    for n in (2, 3):
        for i, ph in enumerate(phr[n], 1):
            f.write('p%d_%03d\t"%s"\n' % (n, i, ph))

# mixed: new two-word phrases (not in queries.txt), words from the vocabulary
extra = []
for c in COLS:
    extra += pick((c, 2), 70, used | set(extra))
rng.shuffle(extra)
words = sorted(w for w, k in vocab.items() if k >= 5)
with open(OUT + 'mixed.txt', 'w') as f, open(OUT + 'mixed_not.txt', 'w') as g:
    for i in range(100):
        ph = extra[i]
        while True:
            w = rng.choice(words)
            if w not in ph.split():
                break
        f.write('wp_%03d\t%s "%s"\n' % (i + 1, w, ph))
    for i in range(50):
        a, b = extra[100 + 2 * i], extra[101 + 2 * i]
        f.write('neg_%03d\t"%s" -"%s"\n' % (i + 1, a, b))
        g.write('not_%03d\t"%s" NOT "%s"\n' % (i + 1, a, b))

print('occurrences seen:', {'%s/%d' % k: v for k, v in seen.items()}, file=sys.stderr)
print('vocab (>=4 letters):', len(vocab), 'words>=5 occ:', len(words), file=sys.stderr)
