# The dispatcher's help.
grantsearch --help
