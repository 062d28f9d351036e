grantsearch serve --help
