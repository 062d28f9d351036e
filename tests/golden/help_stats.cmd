grantsearch stats --help
