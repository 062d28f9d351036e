## doc/: the man page, one section per subcommand.
dist_man_MANS += doc/grantsearch.1
