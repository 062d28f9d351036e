# A misspelt word: "Did you mean", alone and with a relaxed match.
grantsearch search реабилитацыя
grantsearch search инклюзивный театор
grantsearch search --format json -n 0 театор
