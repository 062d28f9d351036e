# similar --format json: the draft's terms, each hit's shared words and snippet.
grantsearch similar --id 21-1-004501 -n 3 --format json
grantsearch similar -n 2 --format json --file golden/draft.txt status:winner
grantsearch similar --id 21-1-004501 -n 1 --format json --explain
