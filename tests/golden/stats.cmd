# stats of the fixture (size on disk and time masked by the driver).
grantsearch stats
