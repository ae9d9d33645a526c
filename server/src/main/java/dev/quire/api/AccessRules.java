package dev.quire.api;

import dev.quire.auth.Principal;
import dev.quire.auth.Role;
import dev.quire.auth.Scope;
import dev.quire.path.CanonicalPath;
import java.util.List;

/**
 * The one table of what each REST path needs (docs/security.md). Fail-closed: a path not listed here needs the
 * {@code admin} scope, so an endpoint added without a rule is not open to everyone. Pure and thread-safe.
 */
final class AccessRules {

    /** What a request needs. */
    sealed interface Requirement {
        /** Whether {@code principal} meets it. */
        boolean allows(Principal principal);

        /** For the 403 detail. */
        String describe();
    }

    /** Anyone, even without a credential. */
    record Public() implements Requirement {
        @Override
        public boolean allows(Principal principal) {
            return true;
        }

        @Override
        public String describe() {
            return "nothing";
        }
    }

    /** Any valid credential. */
    record Authenticated() implements Requirement {
        @Override
        public boolean allows(Principal principal) {
            return principal != null;
        }

        @Override
        public String describe() {
            return "a credential";
        }
    }

    record NeedsScope(Scope scope) implements Requirement {
        @Override
        public boolean allows(Principal principal) {
            return principal != null && principal.has(scope);
        }

        @Override
        public String describe() {
            return "the " + scope.wire() + " scope";
        }
    }

    /** A role on one document (a role on every document for {@link Principal#ANY_DOCUMENT}: creating one). */
    record NeedsRole(String documentId, Role role) implements Requirement {
        @Override
        public boolean allows(Principal principal) {
            if (principal == null) {
                return false;
            }
            return role == Role.EDIT ? principal.mayEdit(documentId) : principal.mayRead(documentId);
        }

        @Override
        public String describe() {
            return documentId.equals(Principal.ANY_DOCUMENT) ? "edit access to every document (to create one)"
                    : role.wire() + " access to document " + documentId;
        }
    }

    /**
     * Managing a document's share links: edit access to it, by a credential that is not itself a share link. A link
     * that could mint links would let its holder keep access after it is revoked, and revoke the owner's links.
     */
    record ManagesShareLinks(String documentId) implements Requirement {
        @Override
        public boolean allows(Principal principal) {
            return principal != null && principal.kind() != Principal.Kind.SHARE_LINK && principal.mayEdit(documentId);
        }

        @Override
        public String describe() {
            return "edit access to document " + documentId + " by a credential that is not a share link";
        }
    }

    private AccessRules() {
    }

    /**
     * What {@code method} on {@code path} needs.
     *
     * @param path the request path, parsed once by the parser every layer shares; its segments are exactly the ones
     *             Jersey matches, so the rule applies to the resource that will serve the request
     */
    static Requirement of(String method, CanonicalPath path) {
        List<String> segments = path.segments();
        boolean reads = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
        String first = segments.isEmpty() ? "" : segments.get(0);
        if (first.equals("health") && (segments.size() == 1
                || segments.size() == 2 && (segments.get(1).equals("live") || segments.get(1).equals("ready")))) {
            return new Public(); // probes carry no credential
        }
        if (!first.equals("api") || segments.size() < 2) {
            return new NeedsScope(Scope.ADMIN);
        }
        String area = segments.get(1);
        return switch (area) {
            case "openapi.json" -> segments.size() == 2 ? new Public() : new NeedsScope(Scope.ADMIN);
            case "me" -> segments.size() == 2 ? new Authenticated() : new NeedsScope(Scope.ADMIN);
            case "webhooks" -> new NeedsScope(Scope.WEBHOOKS_MANAGE);
            case "documents" -> documents(segments, reads);
            default -> new NeedsScope(Scope.ADMIN); // tokens, admin/*, and anything not listed
        };
    }

    private static Requirement documents(List<String> segments, boolean reads) {
        if (segments.size() == 2) {
            // The list is filtered to what the principal may read; creating needs edit access to every document.
            return reads ? new NeedsScope(Scope.DOCUMENTS_READ) : new NeedsRole(Principal.ANY_DOCUMENT, Role.EDIT);
        }
        String id = segments.get(2);
        if (segments.size() > 3 && segments.get(3).equals("share-links")) {
            return new ManagesShareLinks(id); // even listing the links: for editors, never for a link
        }
        return new NeedsRole(id, reads ? Role.VIEW : Role.EDIT);
    }
}
