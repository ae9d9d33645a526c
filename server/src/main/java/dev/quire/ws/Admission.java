package dev.quire.ws;

import dev.quire.auth.Principal;
import dev.quire.auth.Role;

/**
 * Who a connection was admitted as at its handshake, to which document, and what it may do with it. The document
 * is the one the handshake authorised, parsed from the request path once: the connection serves exactly this id.
 */
record Admission(Principal principal, String documentId, Role role) {
}
