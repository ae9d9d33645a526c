package dev.quire.collab;

import dev.quire.ot.Delta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is in one document (live sessions, not REST writers), in order of arrival, and where each one's selection
 * is; and how they are told something, so that one participant's failure never keeps an event from the others.
 *
 * <p>Threading: confined to the document's serial executor, except {@link #present()}, which any thread may call.
 */
final class Participants {
    /** The hub's logger, so that the log lines keep the name they had before this class was split out of it. */
    private static final Logger log = LoggerFactory.getLogger(Participants.class);

    private final String documentId;
    /** Each participant and its selection ({@code null} until it sends one, or when its editor has no focus). */
    private final Map<Participant, Selection> selections = new LinkedHashMap<>();
    /**
     * Who is in the document now, one entry per client id in order of arrival: an immutable list replaced (on the
     * serial executor) whenever a participant joins or leaves, so that any thread may read it without queueing.
     */
    private volatile List<User> present = List.of();

    Participants(String documentId) {
        this.documentId = documentId;
    }

    /** Who is in the document now, distinct by client id. Any thread. */
    List<User> present() {
        return present;
    }

    boolean contains(Participant participant) {
        return selections.containsKey(participant);
    }

    /** True when some participant still there has this client id (one client may have several sessions). */
    boolean hasClient(String clientId) {
        return selections.keySet().stream().anyMatch(p -> p.user().clientId().equals(clientId));
    }

    /** The participant here with this client id, or null. */
    Participant withClient(String clientId) {
        return selections.keySet().stream().filter(p -> p.user().clientId().equals(clientId)).findFirst()
                .orElse(null);
    }

    /**
     * Adds {@code participant}, with no selection yet.
     *
     * @return everyone else and their selections, as they were before it joined (for its welcome)
     */
    List<Presence> add(Participant participant) {
        List<Presence> others = presenceExcept(participant);
        selections.put(participant, null);
        refreshPresent();
        return others;
    }

    void remove(Participant participant) {
        selections.remove(participant);
        refreshPresent();
    }

    /**
     * Sets {@code participant}'s selection (null: no focus), clamped to a document of {@code documentLength} units.
     *
     * @return the selection as stored, which is what the others must be told
     */
    Selection select(Participant participant, Selection selection, int documentLength) {
        Selection stored = selection == null ? null : selection.within(documentLength);
        selections.put(participant, stored);
        return stored;
    }

    /** Moves every selection over {@code change}, which was just applied to the content. */
    void transformSelections(Delta change) {
        selections.replaceAll((p, selection) -> selection == null ? null : selection.transform(change));
    }

    /**
     * One live session per client id: exactly-once counts on a client's seqs coming from one place, so two sessions
     * sharing them would have one's ops taken as the other's resends. Whoever joins with an id holds its secret
     * (the transport checks that), and is most often the same client back after a connection loss the server has not
     * noticed yet; so the newer session wins and the older one is closed, told why. It is taken out before the new
     * one is welcomed: an op of the old one not applied by now is dropped (its client was told it is gone), one
     * applied already is in the new one's resume welcome.
     */
    void replaceSessionOf(String clientId) {
        Participant previous = withClient(clientId);
        if (previous != null) {
            remove(previous);
            tell(previous, p -> p.disconnect(ErrorCode.SESSION_REPLACED,
                    "a newer connection joined with this client's identity"));
        }
    }

    /** Everyone in the document now except {@code except}, as a list of its own. */
    List<Participant> allExcept(Participant except) {
        List<Participant> all = new ArrayList<>(selections.keySet());
        all.remove(except);
        return all;
    }

    /** Removes everyone, then ends each session with {@code code}: the hub has stopped serving them. */
    void disconnectAll(ErrorCode code, String reason) {
        List<Participant> all = new ArrayList<>(selections.keySet());
        selections.clear();
        refreshPresent();
        all.forEach(p -> p.disconnect(code, reason));
    }

    void tellAll(Consumer<Participant> action) {
        tellOthers(null, action);
    }

    void tellOthers(Participant except, Consumer<Participant> action) {
        for (Participant p : List.copyOf(selections.keySet())) {
            if (p != except) {
                tell(p, action);
            }
        }
    }

    /** One participant's failure (a transport bug, a dead socket) must not keep an event from the others. */
    void tell(Participant participant, Consumer<Participant> action) {
        try {
            action.accept(participant);
        } catch (RuntimeException e) {
            log.warn("participant {} of document {} failed to take an event", participant.user().clientId(),
                    documentId, e);
        }
    }

    private List<Presence> presenceExcept(Participant except) {
        List<Presence> others = new ArrayList<>();
        selections.forEach((p, selection) -> {
            if (p != except) {
                others.add(new Presence(p.user(), selection));
            }
        });
        return others;
    }

    /** Replaces {@link #present} from {@link #selections}; called after each change of who is here. */
    private void refreshPresent() {
        Map<String, User> byClient = new LinkedHashMap<>();
        for (Participant p : selections.keySet()) {
            byClient.putIfAbsent(p.user().clientId(), p.user());
        }
        present = List.copyOf(byClient.values());
    }
}
