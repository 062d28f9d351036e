# show --format tsv: a header and one row each; an unknown number is exit 2.
grantsearch show --format tsv 22-1-000099 21-1-004501 00-0-000000
