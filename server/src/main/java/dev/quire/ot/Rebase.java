package dev.quire.ot;

import java.util.ArrayList;
import java.util.List;

/** Transforming a sequence of changes past another sequence: a client's batch past what was committed first. */
public final class Rebase {
    private Rebase() {
    }

    /**
     * Brings {@code ops}, made one after another on some document (each on top of the one before it), past
     * {@code committed}, made one after another on that same document and applied first. The committed changes keep
     * priority: at the same index their inserts stay first. Each op is transformed past the committed changes as they
     * look after the ops before it ({@code committed} is carried forward past every op), which is what a client does
     * when it brings the committed changes past its own unacknowledged ops one at a time, so both end with the same
     * document. Transforming past the ops' composition instead can order tied inserts differently.
     *
     * @return the ops, in order, as they apply after all of {@code committed}
     */
    public static List<Delta> past(List<Delta> committed, List<Delta> ops) {
        List<Delta> against = new ArrayList<>(committed);
        List<Delta> rebased = new ArrayList<>(ops.size());
        for (Delta op : ops) {
            Delta change = op;
            for (int i = 0; i < against.size(); i++) {
                Delta before = against.get(i);
                against.set(i, change.transform(before, false));
                change = before.transform(change, true);
            }
            rebased.add(change);
        }
        return List.copyOf(rebased);
    }
}
