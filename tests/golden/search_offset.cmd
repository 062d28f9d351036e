# -n and --offset page through the results; past the end says so.
grantsearch search -n 2 волонт*
grantsearch search -n 2 --offset 2 волонт*
grantsearch search -n 2 --offset 10 волонт*
