## searcher/ rules (included from the top Makefile.am)
noinst_LIBRARIES += searcher/libsearcher.a
GS_CLI_LIBS += searcher/libsearcher.a
searcher_libsearcher_a_SOURCES = searcher/eval.h searcher/eval.c
# `grantsearch eval` (TREC qrels + run -> nDCG, P, MAP, MRR, recall)
grantsearch_SOURCES += cli/cmd_eval.c
