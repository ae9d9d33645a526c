package dev.quire.app;

import dev.quire.auth.AccessGrants;
import dev.quire.auth.GrantAnnouncements;
import dev.quire.cluster.BothFeeds;
import dev.quire.cluster.ClusterPresence;
import dev.quire.cluster.ClusterSettings;
import dev.quire.cluster.ControlEvent;
import dev.quire.cluster.ControlEvents;
import dev.quire.cluster.FeedMetrics;
import dev.quire.cluster.OpFeed;
import dev.quire.cluster.PgCommitHints;
import dev.quire.cluster.PresenceEvent;
import dev.quire.cluster.RedisLink;
import dev.quire.cluster.RedisOpFeed;
import dev.quire.cluster.RedisPresence;
import dev.quire.cluster.RedisUrl;
import dev.quire.collab.DocumentHubs;
import dev.quire.collab.OtherNodes;
import dev.quire.collab.Presence;
import dev.quire.collab.Selection;
import dev.quire.collab.User;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part of a cluster (docs/cluster.md): the components of {@code dev.quire.cluster} built for one node and
 * joined to the hub and the grants. With PostgreSQL always: the commit hints (LISTEN) and the control events
 * (NOTIFY); with {@code --redis} too: the link, the op feed and presence on Redis. Redis being a speed-up, a
 * node starts while it is unreachable and connects when it comes.
 *
 * <p>Built in two steps because the hub and the grants take this node's {@link #feed()}, {@link #otherNodes()} and
 * {@link #grantAnnouncements()} when they are built, and this node delivers to them once they are
 * ({@link #deliverTo}). Closing closes every component, whichever step was reached.
 */
final class ClusterNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
    /** For a participant whose node sent no colour (the browser picks none either). */
    private static final String FALLBACK_COLOR = "#808080";

    private final String id;
    private final ScheduledExecutorService timers;
    private final ClusterSettings settings;
    private final RedisLink redis;
    private final RedisPresence presence;
    /** Ops from and to the other nodes: Redis if configured, the store's NOTIFY hints always. */
    private final OpFeed feed;
    private final ControlEvents control;
    /** Newest first: closed in that order. */
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    /** Set once the hubs are built ({@link #deliverTo}); what other nodes say goes there. */
    private volatile DocumentHubs hubs;
    /** Sessions of this node per (document, client id): a client is gone from the cluster's view at its last. */
    private final Map<String, Integer> sessions = new ConcurrentHashMap<>();
    /** Sessions of this node per document: the first one lists who is on the other nodes. */
    private final Map<String, Integer> documentSessions = new ConcurrentHashMap<>();

    /**
     * @param connectionUrl the database's driver URL with its credentials, for the LISTEN and NOTIFY connections
     * @param redisUrl      null without Redis
     */
    ClusterNode(String id, String connectionUrl, RedisUrl redisUrl, ClusterSettings settings,
                ScheduledExecutorService timers, FeedMetrics metrics) {
        this.id = id;
        this.timers = timers;
        this.settings = settings;
        try {
            if (redisUrl != null) {
                log.info("cluster node {}: Redis at {}", id, redisUrl);
                this.redis = push(RedisLink.start(redisUrl.uri(), settings.retryDelay()));
                this.presence = push(new RedisPresence(redis, ClusterSettings.PREFIX, id, timers,
                        settings.presenceTtl()));
            } else {
                log.info("cluster node {}: without Redis, nodes converge through PostgreSQL alone", id);
                this.redis = null;
                this.presence = null;
            }
            this.feed = push(new BothFeeds(Optional.ofNullable(redis)
                    .map(link -> new RedisOpFeed(link, ClusterSettings.PREFIX + "ops", id)),
                    new PgCommitHints(connectionUrl, PgCommitHints.CHANNEL, settings.retryDelay()), metrics,
                    Clock.systemUTC(), timers, ClusterSettings.HINT_GRACE,
                    () -> redis != null && redis.connected()));
            this.control = push(new ControlEvents(Optional.ofNullable(redis), ClusterSettings.PREFIX + "control",
                    connectionUrl, ClusterSettings.CONTROL_CHANNEL, id, settings.retryDelay()));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T push(T component) {
        opened.push(component);
        return component;
    }

    String id() {
        return id;
    }

    /** Whether Redis is configured and reachable now; without {@code --redis} there is nothing to miss. */
    boolean redisDown() {
        return redis != null && !redis.connected();
    }

    boolean usesRedis() {
        return redis != null;
    }

    /** What the hub tells the other nodes: renames and deletes as control events, presence on Redis. */
    OtherNodes otherNodes() {
        return new OtherNodes() {
            @Override
            public void renamed(String documentId, String title, String renamedBy) {
                control.publish(new ControlEvent.Renamed(documentId, title, renamedBy));
            }

            @Override
            public void deleted(String documentId) {
                control.publish(new ControlEvent.Deleted(documentId));
            }

            @Override
            public void joined(String documentId, User user) {
                if (presence == null) {
                    return;
                }
                sessions.merge(presenceKey(documentId, user.clientId()), 1, Integer::sum);
                presence.here(clusterPresence(documentId, user, null));
                if (documentSessions.merge(documentId, 1, Integer::sum) == 1) {
                    // Who is on the other nodes already: they said so before this node was here to hear it. Later
                    // sessions find them in their welcome (the hub keeps who is shown), so only the first reads.
                    presence.whoIsHere(documentId).thenAccept(everyone -> everyone.stream()
                            .filter(p -> !p.clientId().equals(user.clientId()))
                            .forEach(ClusterNode.this::showElsewhere));
                }
            }

            @Override
            public void present(String documentId, User user, Selection selection) {
                if (presence != null && sessions.containsKey(presenceKey(documentId, user.clientId()))) {
                    presence.here(clusterPresence(documentId, user, selection));
                }
            }

            @Override
            public void left(String documentId, String clientId) {
                if (presence == null) {
                    return;
                }
                documentSessions.computeIfPresent(documentId, (key, count) -> count > 1 ? count - 1 : null);
                // A client that reconnected here has a new session before its old one leaves: it stays.
                if (sessions.computeIfPresent(presenceKey(documentId, clientId),
                        (key, count) -> count > 1 ? count - 1 : null) == null) {
                    presence.left(documentId, clientId);
                }
            }
        };
    }

    private void showElsewhere(ClusterPresence shown) {
        hubs.fromOtherNodes().present(shown.documentId(), userOf(shown), selectionOf(shown));
    }

    /**
     * Every document with sessions here is told who is on it now, from Redis's keys: the hub, which keeps who it
     * shows, tells as gone those whose keys expired (their node died or lost Redis for a TTL) and shows the others
     * again, which costs nothing where it shows them already (it tells only a change) and restores them in a hub
     * loaded again while sessions of the document stayed on this node (a failed document whose sessions reconnected
     * before the last of them left), whose first session therefore did not list them.
     */
    private void sweepShown() {
        List.copyOf(documentSessions.keySet()).forEach(documentId -> presence.whoIsHere(documentId)
                .thenAccept(everyone -> hubs.fromOtherNodes().allPresent(documentId, everyone.stream()
                        .map(p -> new Presence(userOf(p), selectionOf(p))).toList())));
    }

    private static String presenceKey(String documentId, String clientId) {
        return documentId + " " + clientId;
    }

    private static ClusterPresence clusterPresence(String documentId, User user, Selection selection) {
        return new ClusterPresence(documentId, user.clientId(), user.name(),
                selection == null ? null : new ClusterPresence.Cursor(selection.index(), selection.length()),
                user.color());
    }

    private static User userOf(ClusterPresence presence) {
        return new User(presence.clientId(), presence.user(),
                presence.color() != null ? presence.color() : FALLBACK_COLOR);
    }

    private static Selection selectionOf(ClusterPresence presence) {
        return presence.selection() == null ? null
                : new Selection(presence.selection().index(), presence.selection().length());
    }

    /** Grants issued or revoked here, as control events: the other nodes read them again from the store. */
    GrantAnnouncements grantAnnouncements() {
        return new GrantAnnouncements() {
            @Override
            public void issued(String grantId) {
                control.publish(new ControlEvent.GrantIssued(grantId));
            }

            @Override
            public void revoked(String grantId) {
                control.publish(new ControlEvent.GrantRevoked(grantId));
            }
        };
    }

    /**
     * The feed of committed ops between this node and the others, for the hub: it publishes its commits there and
     * subscribes to what the others commit. Closed with this node.
     */
    OpFeed feed() {
        return feed;
    }

    /** How often the hub checks the committed heads of its open documents. */
    Duration headCheckPeriod() {
        return settings.headCheckPeriod();
    }

    /** Starts hearing the other nodes: control events go to the hubs and the grants, presence to the hubs. */
    synchronized void deliverTo(DocumentHubs hubs, AccessGrants grants) {
        this.hubs = hubs;
        // A grant is read from the store: not on the thread that hands out Redis's messages, ops included.
        ExecutorService events = Executors.newSingleThreadExecutor(Threads.named("quire-control-events"));
        opened.push(events::shutdownNow);
        control.subscribe(event -> events.execute(() -> controlled(event, hubs, grants)));
        if (presence != null) {
            presence.subscribe(event -> {
                if (event instanceof PresenceEvent.Here here) {
                    showElsewhere(here.presence());
                } else {
                    hubs.fromOtherNodes().left(event.documentId(), event.clientId());
                }
            });
            long sweep = settings.presenceTtl().toMillis() / 2;
            ScheduledFuture<?> sweeping = timers.scheduleWithFixedDelay(this::sweepShown, sweep, sweep,
                    TimeUnit.MILLISECONDS);
            opened.push(() -> sweeping.cancel(false));
        }
    }

    private static void controlled(ControlEvent event, DocumentHubs hubs, AccessGrants grants) {
        try {
            if (event instanceof ControlEvent.Renamed r) {
                hubs.fromOtherNodes().renamed(r.documentId(), r.name(), r.by());
            } else if (event instanceof ControlEvent.Deleted d) {
                hubs.fromOtherNodes().deleted(d.documentId());
            } else if (event instanceof ControlEvent.GrantIssued g) {
                grants.changedElsewhere(g.grantId());
            } else if (event instanceof ControlEvent.GrantRevoked g) {
                grants.changedElsewhere(g.grantId());
            }
        } catch (RuntimeException e) {
            // The store was unreachable for a grant: its memory stays as it was, as for any failed read.
            log.warn("could not handle the control event {} of another node: {}", event, e.toString());
        }
    }

    @Override
    public synchronized void close() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                log.warn("closing a cluster component failed: {}", e.toString());
            }
        }
    }
}
