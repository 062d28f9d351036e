#!/usr/bin/python3
"""ndcg.py QRELS RUN [K] - mean nDCG@K (gain 2^g-1, log2 discount) over the
queries of RUN that have relevant judgments; run order = rank as given."""
import math, sys
from collections import defaultdict
qrels = defaultdict(dict)
for line in open(sys.argv[1]):
    p = line.split()
    if len(p) == 4:
        qrels[p[0]][p[2]] = max(0, int(p[3]))
run = defaultdict(list)
for line in open(sys.argv[2]):
    p = line.split()
    if len(p) == 6:
        run[p[0]].append((int(p[3]), p[2]))
args = [a for a in sys.argv[1:] if a != "-v"]
k = int(args[2]) if len(args) > 2 else 10
scores = []
for q in sorted(run, key=lambda x: int(x) if x.isdigit() else x):
    if not any(g > 0 for g in qrels[q].values()):
        continue
    docs = [d for _, d in sorted(run[q])][:k]
    dcg = sum((2 ** qrels[q].get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(docs))
    ideal = sorted(qrels[q].values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    scores.append(dcg / idcg if idcg else 0)
    if "-v" in sys.argv:
        print(q, round(scores[-1], 4))
print("%.4f" % (sum(scores) / len(scores) if scores else 0))
