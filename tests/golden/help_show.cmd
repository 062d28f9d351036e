grantsearch show --help
