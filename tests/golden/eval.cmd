# eval: a run made by batch scored against judgments, as a table and JSON.
grantsearch batch -n 5 --format trec golden/queries.tsv > run.trec 2>/dev/null
grantsearch eval golden/qrels run.trec
grantsearch eval -k 3 --format json golden/qrels run.trec
