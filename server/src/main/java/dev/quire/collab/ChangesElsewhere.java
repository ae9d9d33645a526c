package dev.quire.collab;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes what other nodes did ({@link NodeEvent}) into a document open here: their committed ops go to the
 * {@link SharedCommits} (the one place where a committed op enters the document), a rename or a delete changes the
 * state and is told, presence is shown. A participant of another node is shown to the sessions here and never sent
 * anything; a client that is here itself is shown as it is here.
 *
 * <p>Who is shown from elsewhere is kept here and nowhere else (the cluster node's periodic listing of who is
 * elsewhere comes as {@link NodeEvent.AllPresent} and is compared here), so that a session joining here finds them in its welcome, and a presence
 * told again unchanged (a node listing who is elsewhere as a session joins it) is not told again. Told to everyone
 * here each time, the listing that each join made cost every join a message per participant elsewhere to every
 * participant here: 1,000 clients over three nodes never finished joining.
 *
 * <p>Runs on the document's sequence, passed the document's state.
 */
final class ChangesElsewhere {
    private final CommitOutbox outbox;
    private final Participants participants;
    private final DocumentSaves saves;
    /** Null on a store of one node, which hears no ops from elsewhere. */
    private final SharedCommits shared;
    /** Participants of other nodes shown here, by client id, in order of arrival; none that is also here. */
    private final Map<String, Presence> shown = new LinkedHashMap<>();

    ChangesElsewhere(CommitOutbox outbox, Participants participants, DocumentSaves saves, SharedCommits shared) {
        this.outbox = outbox;
        this.participants = participants;
        this.saves = saves;
        this.shared = shared;
    }

    void apply(OpenDocument document, NodeEvent event) {
        if (event instanceof NodeEvent.Committed committed) {
            if (shared != null) {
                shared.fromFeed(document, committed.ops());
            }
        } else if (event instanceof NodeEvent.HeadAt head) {
            if (shared != null) {
                shared.catchUpTo(document, head.version());
            }
        } else if (event instanceof NodeEvent.Deleted) {
            deleted(document);
        } else if (!document.isDeleted() && !document.isFailed()) {
            told(document, event);
        }
    }

    private void told(OpenDocument document, NodeEvent event) {
        if (event instanceof NodeEvent.Renamed renamed) {
            document.renamed(renamed.title(), renamed.at());
            outbox.after(document.lastCommit(), () -> participants.tellAll(p -> p.titleChanged(renamed.title(),
                    renamed.by())));
        } else if (event instanceof NodeEvent.Present present) {
            show(document, present.presence());
        } else if (event instanceof NodeEvent.AllPresent all) {
            Set<String> still = new HashSet<>();
            all.presences().forEach(presence -> still.add(presence.user().clientId()));
            List.copyOf(shown.keySet()).stream().filter(clientId -> !still.contains(clientId))
                    .forEach(clientId -> gone(document, clientId));
            all.presences().forEach(presence -> show(document, presence));
        } else if (event instanceof NodeEvent.Left left) {
            gone(document, left.clientId());
        }
    }

    private void show(OpenDocument document, Presence presence) {
        String clientId = presence.user().clientId();
        if (!presence.equals(shown.get(clientId)) && !participants.hasClient(clientId)) {
            shown.put(clientId, presence);
            outbox.after(document.lastCommit(), () -> participants.tellAll(p -> p.presenceChanged(presence)));
        }
    }

    private void gone(OpenDocument document, String clientId) {
        if (shown.remove(clientId) != null && !participants.hasClient(clientId)) {
            outbox.after(document.lastCommit(), () -> participants.tellAll(p -> p.left(clientId)));
        }
    }

    /** A session of {@code clientId} joined here: it is shown as it is here from now on. */
    void joinedHere(String clientId) {
        shown.remove(clientId);
    }

    /** The participants of other nodes shown here, for a welcome. */
    List<Presence> shownElsewhere() {
        return new ArrayList<>(shown.values());
    }

    /** From now on the document refuses joins and writes here too; its sessions are closed. */
    private void deleted(OpenDocument document) {
        if (document.isDeleted()) {
            return;
        }
        document.deleted();
        saves.stopAutosave();
        outbox.after(document.lastCommit(), () -> participants.disconnectAll(ErrorCode.DOCUMENT_DELETED,
                "document " + document.id() + " was deleted"));
    }
}
