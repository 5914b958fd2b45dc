/**
 * The tracker as a Quarkus application: validated configuration, the start-up topic step, health
 * and metrics. The only package of the module that imports Quarkus, CDI or MicroProfile.
 */
package dev.tessera.tracker.service;
