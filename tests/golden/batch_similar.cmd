# batch --similar: each line is a draft.
grantsearch batch --similar -n 2 golden/drafts.tsv
