/** The tessera command: local mode on an embedded broker, demo, training and evaluation. */
package dev.tessera.cli;
