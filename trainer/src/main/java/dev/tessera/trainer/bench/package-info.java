/** Benchmark commands that print and save figures (never timed assertions). */
package dev.tessera.trainer.bench;
