# show --format json: one array, also for one number.
grantsearch show --format json 20-2-003333
grantsearch show --format json 22-1-000099 Р41-21-1-000017
