## eval/: `eval` - TREC metrics (nDCG@10, P@10, MAP, MRR, recall@100) of a
## run against relevance judgments; knows nothing of the index.
noinst_LIBRARIES += eval/libeval.a
GS_CLI_LIBS += eval/libeval.a
eval_libeval_a_SOURCES = eval/eval.h eval/eval.c
grantsearch_SOURCES += cli/cmd_eval.c
