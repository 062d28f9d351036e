# A control character in a record (ESC in a title, a tab in a goal) is
# shown escaped in text, TSV and JSON.
grantsearch search СМИ
grantsearch search --format tsv СМИ
grantsearch search --format json -n 1 СМИ
