/**
 * The trainer's picocli commands ({@code train}, {@code export}, {@code evaluate}, {@code synth})
 * that the {@code tessera} launcher registers as subcommands, and a main class running them alone.
 */
package dev.tessera.trainer.cli;
