# A directory holding other files is not taken for an index; a missing input.
mkdir notadb && echo keep > notadb/precious.txt
grantsearch index -d notadb seeds
cat notadb/precious.txt
grantsearch index -d x.db no-such-file.jsonl
