# Usage and index errors and their exit status.
grantsearch search
grantsearch search -n many дети
grantsearch search --boost colour=3 дети
grantsearch search --format xml дети
grantsearch search -d none.db дети
grantsearch no-such-command
