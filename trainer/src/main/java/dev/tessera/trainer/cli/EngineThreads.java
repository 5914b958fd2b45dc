package dev.tessera.trainer.cli;

/**
 * Sets PyTorch's thread counts through DJL's system properties; they take effect when the engine
 * starts, so this must run before the first DJL call of the process.
 */
final class EngineThreads {

  private EngineThreads() {}

  /** {@code threads} intra-op threads and one inter-op thread; 0 leaves the engine's defaults. */
  static void set(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("--threads must be 0 (one per core) or more, was " + threads);
    }
    if (threads > 0) {
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
  }
}
