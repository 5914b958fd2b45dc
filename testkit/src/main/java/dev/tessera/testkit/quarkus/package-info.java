/** Support for {@code @QuarkusTest}s of the stage services: a real in-JVM broker as a Quarkus test resource. */
package dev.tessera.testkit.quarkus;
