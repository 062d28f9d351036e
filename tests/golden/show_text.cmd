# show: every field of an application.
grantsearch show 21-1-004501 19-1-029373
