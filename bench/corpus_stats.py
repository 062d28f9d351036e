#!/usr/bin/python3
"""corpus_stats.py - text statistics of a corpus, to compare the synthetic
archive (bench/gen_corpus) with the real pages it was trained on.

    corpus_stats.py FILE.jsonl [...]      # JSONL in the collection.jsonl form
    corpus_stats.py --seeds DIR           # the scraped seed pages (data/seeds)
    corpus_stats.py --markdown ...        # one markdown table row per input

Reports per input: records; mean bytes per text field; word tokens (a word is
a run of letters/digits, hyphens inside allowed, lower-cased); distinct words;
the Heaps' law fit V = K * n^beta (least squares on log V vs log n at
geometrically spaced points of the token stream); shares of hyphenated words,
words with ё, abbreviations (2-6 upper-case Cyrillic letters) and numbers.
"""
import json
import math
import re
import sys

FIELDS = ["title", "description", "goal", "tasks", "significance", "geography",
          "target_groups", "org"]
HEADINGS = {"Краткое описание": "description", "Цель": "goal", "Задачи": "tasks",
            "Обоснование социальной значимости": "significance",
            "География проекта": "geography", "Целевые группы": "target_groups"}
WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+(?:-[0-9A-Za-zА-Яа-яЁё]+)*")
ABBR = re.compile(r"^[А-ЯЁ]{2,6}$")


def seed_records(d):
    import glob
    for path in sorted(glob.glob(d + "/*.txt")):
        rec = {f: "" for f in FIELDS}
        field = None
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        for i, line in enumerate(lines):
            line = line.rstrip()
            if line == "Контактная информация":
                break
            if i == 1 and lines[0].startswith("Статус проекта"):
                rec["title"] = line.split("...")[0]
                continue
            if line in HEADINGS:
                field = HEADINGS[line]
                continue
            if field is None:
                if len(line) > 200:
                    rec["description"] += line + "\n"
                continue
            rec[field] += line + "\n"
        yield rec


def jsonl_records(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def stats(name, records):
    nrec = 0
    fbytes = {f: 0 for f in FIELDS}
    seen = set()
    ntok = 0
    hyph = yo = abbr = num = 0
    points = []
    next_point = 1000
    for rec in records:
        nrec += 1
        for f in FIELDS:
            text = rec.get(f) or ""
            fbytes[f] += len(text.encode("utf-8"))
            if f == "org":
                continue
            for w in WORD.findall(text):
                ntok += 1
                if "-" in w:
                    hyph += 1
                if "ё" in w or "Ё" in w:
                    yo += 1
                if ABBR.match(w):
                    abbr += 1
                if w[0].isdigit():
                    num += 1
                seen.add(w.lower())
                if ntok >= next_point:
                    points.append((ntok, len(seen)))
                    next_point = int(next_point * 1.5)
    points.append((ntok, len(seen)))
    beta, k = heaps_fit(points)
    return {"name": name, "records": nrec, "tokens": ntok, "distinct": len(seen),
            "tokens_per_record": ntok / max(nrec, 1),
            "bytes": {f: fbytes[f] / max(nrec, 1) for f in FIELDS},
            "heaps_K": k, "heaps_beta": beta,
            "hyphenated_pct": 100.0 * hyph / max(ntok, 1), "yo_pct": 100.0 * yo / max(ntok, 1),
            "abbr_pct": 100.0 * abbr / max(ntok, 1), "number_pct": 100.0 * num / max(ntok, 1)}


def heaps_fit(points):
    pts = [(math.log(n), math.log(v)) for n, v in points if n > 0 and v > 0]
    if len(pts) < 2:
        return float("nan"), float("nan")
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    if sxx == 0:
        return float("nan"), float("nan")
    beta = sum((x - mx) * (y - my) for x, y in pts) / sxx
    return beta, math.exp(my - beta * mx)


def main(argv):
    md = "--markdown" in argv
    argv = [a for a in argv if a != "--markdown"]
    results = []
    i = 0
    while i < len(argv):
        if argv[i] == "--seeds":
            results.append(stats("seeds (" + argv[i + 1] + ")", seed_records(argv[i + 1])))
            i += 2
        else:
            results.append(stats(argv[i], jsonl_records(argv[i])))
            i += 1
    if not md:
        for r in results:
            print(json.dumps(r, ensure_ascii=False, indent=1))
        return
    cols = ["title", "description", "goal", "tasks", "significance", "geography",
            "target_groups"]
    print("| corpus | records | " + " | ".join(cols) +
          " | tokens/rec | tokens | distinct | Heaps K, beta | hyph % | ё % | abbr % | num % |")
    print("|---" * (len(cols) + 10) + "|")
    for r in results:
        print("| %s | %d | %s | %.0f | %d | %d | %.1f, %.3f | %.2f | %.2f | %.2f | %.2f |" % (
            r["name"], r["records"], " | ".join("%.0f" % r["bytes"][c] for c in cols),
            r["tokens_per_record"], r["tokens"], r["distinct"], r["heaps_K"], r["heaps_beta"],
            r["hyphenated_pct"], r["yo_pct"], r["abbr_pct"], r["number_pct"]))


if __name__ == "__main__":
    main(sys.argv[1:])
