/**
 * The Quarkus application around one inference worker: configuration, start-up and shutdown,
 * SmallRye Health checks and Micrometer metrics. The only package importing Quarkus, CDI or
 * MicroProfile.
 */
package dev.tessera.inference.service;
