grantsearch index --help
