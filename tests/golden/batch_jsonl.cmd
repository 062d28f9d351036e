# batch --format jsonl: one object per query.
grantsearch batch --threads 2 -n 3 --format jsonl golden/queries.tsv
