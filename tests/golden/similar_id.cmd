# similar --id: precedents of an indexed application, text and tsv, with a filter.
grantsearch similar --id 21-1-004501 -n 3
grantsearch similar --id 21-1-004501 -n 3 --format tsv status:winner
grantsearch similar --id 00-0-000000
