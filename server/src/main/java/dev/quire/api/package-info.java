/**
 * The REST API: JAX-RS resources served by Jersey under {@code /api} (and {@code /health}), and the mapping of
 * every failure to an RFC 9457 {@code application/problem+json} response.
 *
 * <p>Resources are registered as instances built by {@code dev.quire.app} with their collaborators passed to
 * their constructors; nothing here is discovered by classpath scanning.
 */
package dev.quire.api;
