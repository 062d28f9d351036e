# batch --format trec, from standard input, with a tag.
grantsearch batch --threads 1 -n 3 --format trec --tag golden - < golden/queries.tsv
