package dev.quire.collab;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * When to autosave one document: {@code idle} after its last edit, but no later than {@code maxWait} after the
 * first edit since the last save, so that a document typed into without pause is still saved regularly.
 *
 * <p>One timer at a time: an edit does not reschedule it; when it fires, the due time is computed again from the
 * edits seen meanwhile and the timer is set anew if it is not due yet. That keeps the cost per edit to two field
 * writes. Confined to the hub's sequence: timer callbacks hop onto {@code serial} before touching any state.
 */
final class Autosave {
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Executor serial;
    private final Duration idle;
    private final Duration maxWait;
    /** Called on the hub's sequence with the name of the last editor when a save is due. */
    private final Consumer<String> save;

    private Instant firstUnsaved;
    private Instant lastEdit;
    private String lastEditor;
    private ScheduledFuture<?> timer;
    /** Which timer is current: a cancelled one may already be queued on the sequence, and must then do nothing. */
    private long generation;

    Autosave(Clock clock, ScheduledExecutorService scheduler, Executor serial, HubSettings settings,
             Consumer<String> save) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.serial = serial;
        this.idle = settings.autosaveIdle();
        this.maxWait = settings.autosaveMaxWait();
        this.save = save;
    }

    /** An edit by {@code editor} was applied. */
    void edited(String editor) {
        Instant now = clock.instant();
        if (firstUnsaved == null) {
            firstUnsaved = now;
        }
        lastEdit = now;
        lastEditor = editor;
        if (timer == null) {
            arm(now);
        }
    }

    /** A save (of any trigger) captured every edit so far: nothing is due until the next edit. */
    void saved() {
        firstUnsaved = null;
        generation++;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /**
     * The server stops: the save that is pending is made now instead of at its time (so no edit stays unsaved,
     * and unannounced, across a restart), and nothing more is armed.
     */
    void flush() {
        String editor = firstUnsaved != null ? lastEditor : null;
        stop();
        if (editor != null) {
            save.accept(editor);
        }
    }

    /** The document is going away (deleted, failed): no more autosaves. */
    void stop() {
        saved();
    }

    private void arm(Instant now) {
        Instant due = lastEdit.plus(idle);
        Instant latest = firstUnsaved.plus(maxWait);
        if (latest.isBefore(due)) {
            due = latest;
        }
        long delay = Math.max(0, Duration.between(now, due).toMillis());
        long current = ++generation;
        timer = scheduler.schedule(() -> serial.execute(() -> fire(current)), delay, TimeUnit.MILLISECONDS);
    }

    private void fire(long armed) {
        if (armed != generation) {
            return;
        }
        timer = null;
        if (firstUnsaved == null) {
            return;
        }
        Instant now = clock.instant();
        boolean idleEnough = !now.isBefore(lastEdit.plus(idle));
        boolean waitedEnough = !now.isBefore(firstUnsaved.plus(maxWait));
        if (idleEnough || waitedEnough) {
            save.accept(lastEditor);
        } else {
            arm(now);
        }
    }
}
