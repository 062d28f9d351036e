# Bad inputs are reported FILE:LINE: reason, skipped and counted; the rest goes in.
grantsearch index -j 1 -d x.db golden/bad
grantsearch index -j 1 -d y.db - < golden/bad/bad.jsonl
grantsearch search -d x.db --format tsv заявка
