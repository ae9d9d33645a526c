package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.auth.Principal;
import dev.quire.auth.Role;
import dev.quire.auth.Scope;
import dev.quire.path.CanonicalPath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The path table: what each REST request needs. Fail-closed for anything not listed. */
class AccessRulesTest {

    @ParameterizedTest(name = "{0} {1} needs {2}")
    @CsvSource({
            "GET,    health,                                 nothing",
            "GET,    /health/live,                           nothing",
            "GET,    /health/ready,                          nothing",
            "GET,    /health/other,                          the admin scope",
            "GET,    /api/openapi.json,                      nothing",
            "GET,    api/me,                                 a credential",
            "GET,    api/me/x,                               the admin scope",
            "GET,    api/openapi.json/x,                     the admin scope",
            "GET,    api/documents,                          the documents:read scope",
            "POST,   api/documents,                          edit access to every document (to create one)",
            "GET,    api/documents/notes,                    view access to document notes",
            "HEAD,   api/documents/notes/versions/3,         view access to document notes",
            "PATCH,  api/documents/notes,                    edit access to document notes",
            "DELETE, api/documents/notes,                    edit access to document notes",
            "POST,   api/documents/notes/saves,              edit access to document notes",
            "GET,    api/documents/notes/share-links,        edit access to document notes by a credential that is not a share link",
            "DELETE, api/documents/notes/share-links/link_1, edit access to document notes by a credential that is not a share link",
            "GET,    api/webhooks/ep_1/deliveries,           the webhooks:manage scope",
            "GET,    api/tokens,                             the admin scope",
            "POST,   api/admin/backups,                      the admin scope",
            "GET,    api/something-new,                      the admin scope",
            "GET,    api,                                    the admin scope",
    })
    void requirement(String method, String path, String needs) {
        assertEquals(needs, AccessRules.of(method, parse(path)).describe());
    }

    @ParameterizedTest(name = "a view link on notes: {0} {1} allowed = {2}")
    @CsvSource({
            "GET,    api/documents/notes,             true",
            "PUT,    api/documents/notes/content,     false",
            "GET,    api/documents/other,             false",
            "GET,    api/documents,                   true",
            "POST,   api/documents,                   false",
            "GET,    api/documents/notes/share-links, false",
            "GET,    api/webhooks,                    false",
            "GET,    api/me,                          true",
    })
    void viewLink(String method, String path, boolean allowed) {
        Principal viewer = new Principal(Principal.Kind.SHARE_LINK, "link_1", null, null, null,
                java.util.Set.of(Scope.DOCUMENTS_READ), java.util.Map.of("notes", Role.VIEW), null);
        assertEquals(allowed, AccessRules.of(method, parse(path)).allows(viewer));
    }

    /** The rules see only parsed paths; the table writes them with or without the leading slash. */
    private static CanonicalPath parse(String path) {
        return CanonicalPath.parse(path.startsWith("/") ? path : "/" + path).orElseThrow();
    }

    @ParameterizedTest(name = "an edit link on notes: {0} {1} allowed = {2}")
    @CsvSource({
            "PUT,    api/documents/notes/content,            true",
            "POST,   api/documents/notes/saves,              true",
            "POST,   api/documents/notes/share-links,        false",
            "GET,    api/documents/notes/share-links,        false",
            "DELETE, api/documents/notes/share-links/link_1, false",
    })
    void editLink_editsButNeverManagesShareLinks(String method, String path, boolean allowed) {
        Principal editor = new Principal(Principal.Kind.SHARE_LINK, "link_1", null, null, null,
                java.util.Set.of(Scope.DOCUMENTS_READ, Scope.DOCUMENTS_WRITE), java.util.Map.of("notes", Role.EDIT),
                null);
        assertEquals(allowed, AccessRules.of(method, parse(path)).allows(editor));
    }

    @ParameterizedTest(name = "a token limited to notes: {0} {1} allowed = {2}")
    @CsvSource({
            "POST,   api/documents/notes/share-links,        true",
            "DELETE, api/documents/notes/share-links/link_1, true",
            "POST,   api/documents/other/share-links,        false",
    })
    void documentLimitedToken_managesTheShareLinksOfItsDocumentsOnly(String method, String path, boolean allowed) {
        Principal token = new Principal(Principal.Kind.API_TOKEN, "tok_1", null, null, null,
                java.util.Set.of(Scope.DOCUMENTS_READ, Scope.DOCUMENTS_WRITE), java.util.Map.of("notes", Role.EDIT),
                null);
        assertEquals(allowed, AccessRules.of(method, parse(path)).allows(token));
    }
}
