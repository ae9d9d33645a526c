/**
 * Who may do what: turns a presented credential (admin secret, API token, share-link secret, integration JWT) into a
 * {@link dev.quire.auth.Principal} or a precise refusal, and answers what that principal may do with a document.
 *
 * <p>Transports ({@code ws}, {@code api}) ask this package; it knows nothing of them. Secrets are never stored
 * (only their SHA-256) and never logged. Depends on {@code store} interfaces, nimbus-jose-jwt and the JDK.
 */
package dev.quire.auth;
