# A phrase: the words next to each other, in order, any form.
grantsearch search -n 3 '"местных сообществ"'
grantsearch search -n 3 '"сообществ местных"'
