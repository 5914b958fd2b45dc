/**
 * The stitcher as a Quarkus application: validated configuration, the {@code @Produces Topology}
 * that delegates to {@link dev.tessera.stitcher.topology.StitcherTopology}, the start-up topic
 * step, health, metrics and the live view's routes ({@code /view}, on the core {@link
 * dev.tessera.stitcher.view.LiveFeed}). The only package of the module that imports Quarkus, CDI or
 * MicroProfile.
 */
package dev.tessera.stitcher.service;
