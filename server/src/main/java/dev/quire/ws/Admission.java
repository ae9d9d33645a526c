package dev.quire.ws;

import dev.quire.auth.Principal;
import dev.quire.auth.Role;

/** Who a connection was admitted as at its handshake, and what it may do with its document. */
record Admission(Principal principal, Role role) {
}
