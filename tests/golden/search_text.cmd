# Ranked text output: numbers, titles, status line, bracketed snippets.
grantsearch search развитие местных сообществ
