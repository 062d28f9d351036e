# batch: tsv in input order, a bad query as an error line and exit 2.
grantsearch batch --threads 2 -n 3 golden/queries.tsv
