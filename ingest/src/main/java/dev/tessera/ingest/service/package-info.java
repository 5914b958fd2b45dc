/**
 * The Quarkus wiring of the ingest stage: configuration ({@code tessera.*}) validated at start-up,
 * the HTTP endpoint {@code POST /acquisitions/{id}/frames}, the optional folder watcher, health
 * checks and metrics. Everything it does is delegated to the plain-Java core packages.
 */
package dev.tessera.ingest.service;
