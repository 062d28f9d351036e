grantsearch compact --help
