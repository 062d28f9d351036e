# similar from a draft file and from standard input.
grantsearch similar -n 3 --file golden/draft.txt
grantsearch similar -n 2 --format tsv - < golden/draft.txt
