/**
 * The tiler as a Quarkus application: validated configuration, the {@code @Produces Topology} that
 * delegates to {@link dev.tessera.tiler.topology.TilerTopology}, the start-up topic step, health and
 * metrics. The only package of the module that imports Quarkus, CDI or MicroProfile.
 */
package dev.tessera.tiler.service;
