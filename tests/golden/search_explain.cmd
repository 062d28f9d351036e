# --explain: what each query word's terms added to each score, text and JSON.
grantsearch search -n 10 --explain дети инвалиды
grantsearch search --format json -n 1 --explain НКО волонт*
grantsearch similar --id 21-1-004501 -n 1 --explain
