package dev.quire.ws;

import dev.quire.collab.Edit;
import dev.quire.collab.Presence;
import dev.quire.collab.Welcome;
import dev.quire.protocol.Range;
import dev.quire.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.List;

/** Hub events → wire messages. */
final class Messages {
    private Messages() {
    }

    static ServerMessage.Welcome welcome(Welcome welcome, int protocol, String role,
                                         ClientIdentities.Identity identity) {
        List<ServerMessage.UserPresence> users = new ArrayList<>();
        welcome.present().forEach(p -> users.add(user(p)));
        List<ServerMessage.OpRecord> ops = null;
        if (welcome.isResume()) {
            ops = new ArrayList<>(welcome.missed().size());
            for (Edit edit : welcome.missed()) {
                ops.add(opRecord(edit));
            }
        }
        return new ServerMessage.Welcome(protocol, welcome.documentId(), welcome.title(), welcome.version(), welcome.content(),
                ops, users, role, identity.clientId(), identity.issuedSecret(), welcome.lastSeq());
    }

    static ServerMessage.OpRecord opRecord(Edit edit) {
        return new ServerMessage.OpRecord(edit.version(), edit.clientId(), edit.seq(), edit.delta());
    }

    static ServerMessage.UserPresence user(Presence presence) {
        Range range = presence.selection() == null ? null
                : new Range(presence.selection().index(), presence.selection().length());
        return new ServerMessage.UserPresence(presence.user().clientId(), presence.user().name(),
                presence.user().color(), range);
    }
}
