// Placeholder until the emulator lands: the benchmark needs it.
print("ClientBenchmark: not implemented yet")
