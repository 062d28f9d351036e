# The fixture's own build: duplicates across the three forms replaced, secrets dropped.
grantsearch index -j 1 -d x.db seeds corpus golden/records.jsonl
grantsearch stats -d x.db
