grantsearch batch --help
