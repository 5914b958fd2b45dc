package dev.tessera.inference.worker;

/**
 * A test seam: called on the worker's thread after a transaction's records and offsets are sent
 * and before it commits, so a test can stop a worker exactly there, as a crash would.
 */
@FunctionalInterface
interface TransactionHook {

  TransactionHook NONE = () -> {};

  void beforeCommit();
}
