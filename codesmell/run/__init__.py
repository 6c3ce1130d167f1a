"""Running the analysis: discovery, the per-file pipeline, the engine (executors), the cache, git."""
