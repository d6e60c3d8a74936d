"""Running work safely: query worker processes confined from the network and held to memory and
time, admission control, the read/write lock, and the parser child process for uploads."""
