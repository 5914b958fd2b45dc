package dev.tessera.ingest.service;

/**
 * The JSON of a refused request.
 *
 * @param status the HTTP status
 * @param error its reason phrase
 * @param reason what is wrong, for a person
 */
public record ErrorBody(int status, String error, String reason) {}
