/** The inference benchmark: a command that prints and saves figures, never a timed assertion. */
package dev.tessera.inference.bench;
