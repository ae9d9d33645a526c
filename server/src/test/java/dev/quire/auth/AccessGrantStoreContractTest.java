package dev.quire.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link AccessGrantStore} must do; each implementation's test extends this. */
public abstract class AccessGrantStoreContractTest {
    protected static final Instant T0 = Instant.parse("2026-11-26T10:00:00.123456Z");

    private AccessGrantStore store;

    protected abstract AccessGrantStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
    }

    protected static String hash(char digit) {
        return String.valueOf(digit).repeat(64);
    }

    protected static AccessGrant token(String id, char hashDigit, Set<String> documents) {
        return new AccessGrant(id, AccessGrant.Kind.API_TOKEN, hash(hashDigit), "ci", Set.of("documents:read"),
                documents, null, T0, T0.plusSeconds(3600), null, null);
    }

    protected static AccessGrant link(String id, char hashDigit, String document, String role) {
        return new AccessGrant(id, AccessGrant.Kind.SHARE_LINK, hash(hashDigit), "", Set.of("documents:read"),
                Set.of(document), role, T0, null, null, "api-token:tok_owner");
    }

    @Test
    void create_thenFindBySecretHashAndId_returnsTheSameGrant() {
        AccessGrant grant = token("tok_1", 'a', Set.of("d1", "d2"));
        store.create(grant);
        assertEquals(Optional.of(grant), store.findBySecretHash(hash('a')));
        assertEquals(Optional.of(grant), store.find("tok_1"));
        assertEquals(Optional.empty(), store.findBySecretHash(hash('b')));
        assertEquals(Optional.empty(), store.find("tok_2"));
    }

    @Test
    void create_takenIdOrSecret_isRefused() {
        store.create(token("tok_1", 'a', Set.of()));
        assertThrows(IllegalArgumentException.class, () -> store.create(token("tok_1", 'b', Set.of())));
        assertThrows(IllegalArgumentException.class, () -> store.create(token("tok_2", 'a', Set.of())));
        assertEquals(1, store.list(AccessGrant.Kind.API_TOKEN, null).size());
    }

    @Test
    void list_byKindAndDocument_oldestFirst() {
        store.create(token("tok_1", 'a', Set.of()));
        store.create(link("link_1", 'b', "d1", "view"));
        store.create(link("link_2", 'c', "d2", "edit"));
        store.create(link("link_3", 'd', "d1", "edit"));
        assertEquals(List.of("tok_1"), ids(store.list(AccessGrant.Kind.API_TOKEN, null)));
        assertEquals(List.of("link_1", "link_2", "link_3"), ids(store.list(AccessGrant.Kind.SHARE_LINK, null)));
        assertEquals(List.of("link_1", "link_3"), ids(store.list(AccessGrant.Kind.SHARE_LINK, "d1")));
    }

    @Test
    void revoke_marksTheGrantAndKeepsTheFirstTime() {
        store.create(link("link_1", 'b', "d1", "view"));
        AccessGrant revoked = store.revoke("link_1", T0.plusSeconds(5)).orElseThrow();
        assertEquals(T0.plusSeconds(5), revoked.revokedAt());
        assertEquals(T0.plusSeconds(5), store.revoke("link_1", T0.plusSeconds(9)).orElseThrow().revokedAt());
        assertEquals(T0.plusSeconds(5), store.findBySecretHash(hash('b')).orElseThrow().revokedAt(),
                "a revoked grant is still found, so it can be told apart from an unknown one");
        assertTrue(store.revoke("nope", T0).isEmpty());
    }

    @Test
    void shareLink_keepsItsCreator_alsoWhenRevoked() {
        AccessGrant link = link("link_1", 'b', "d1", "edit");
        store.create(link);
        assertEquals("api-token:tok_owner", store.find("link_1").orElseThrow().createdBy());
        assertEquals(Optional.of(link), store.findBySecretHash(hash('b')));
        assertEquals("api-token:tok_owner", store.revoke("link_1", T0.plusSeconds(5)).orElseThrow().createdBy());
        assertEquals("api-token:tok_owner", store.find("link_1").orElseThrow().createdBy());
        store.create(token("tok_1", 'a', Set.of()));
        assertEquals(null, store.find("tok_1").orElseThrow().createdBy(), "nobody recorded for an API token");
    }

    private static List<String> ids(List<AccessGrant> grants) {
        return grants.stream().map(AccessGrant::id).toList();
    }
}
