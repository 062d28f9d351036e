## xapian-c/ rules (included from the top Makefile.am)
