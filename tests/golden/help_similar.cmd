grantsearch similar --help
