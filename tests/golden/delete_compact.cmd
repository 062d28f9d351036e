# delete (one unknown number: exit 2) and compact on a copy, never the fixture.
grantsearch index -q -j 1 -d x.db seeds
grantsearch delete -d x.db 19-1-029373 00-0-000000
grantsearch compact -d x.db
grantsearch search -d x.db --format tsv местного сообщества
