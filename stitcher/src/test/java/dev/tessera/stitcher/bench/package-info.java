/** Benchmark commands for the stitcher: they print and save figures, they assert nothing. */
package dev.tessera.stitcher.bench;
