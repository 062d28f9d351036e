# An abbreviation finds itself and, ranked below, its expansion; never a
# stemmed look-alike; without a synonyms file a warning and no expansion.
grantsearch search -n 3 НКО
grantsearch search ДЦП
grantsearch search расы
GRANTSEARCH_SYNONYMS=missing.txt grantsearch search -n 1 НКО
