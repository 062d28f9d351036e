grantsearch search --help
