grantsearch eval --help
