grantsearch delete --help
