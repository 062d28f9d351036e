# Filters restrict without ranking; sorting by a value; numbers and ИНН.
grantsearch search status:winner year:2019..2021 дети
grantsearch search --format tsv region:пермский
grantsearch search --format tsv amount:500000..3000000 -волонтеры
grantsearch search --format tsv --sort amount region:пермский
grantsearch search --format tsv --sort date --reverse status:winner
grantsearch search --format tsv inn:5902123456
grantsearch search --format tsv 19-1-029373
