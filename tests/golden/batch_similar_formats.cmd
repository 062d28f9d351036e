# batch --similar in every format: the shared words in jsonl and tsv.
grantsearch batch --similar --threads 2 -n 2 --format jsonl golden/drafts.tsv
grantsearch batch --similar --threads 1 -n 2 --format trec --tag golden golden/drafts.tsv
grantsearch batch --similar --threads 2 -n 2 --format tsv golden/drafts.tsv
# a bad line (a NUL byte in the draft) in jsonl and tsv
printf 'x1\tшкола\000руководителей\n' | grantsearch batch --similar -n 1 --format jsonl -
printf 'x1\tшкола\000руководителей\n' | grantsearch batch --similar -n 1 --format tsv -
