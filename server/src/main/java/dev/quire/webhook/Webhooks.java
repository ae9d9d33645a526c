package dev.quire.webhook;

import dev.quire.store.OutboxMessage;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;

/**
 * The webhook capability put together: what {@code app} builds, starts and stops, and what others call.
 *
 * <ul>
 *   <li>{@link #registry()} for the REST API;</li>
 *   <li>{@link #publish} for an event that is not part of a storage transaction; for one that is (a save), the
 *       document store enqueues {@link #messages()}{@code .forEvent(event)} in its transaction, and the caller
 *       {@link #wake()}s the dispatcher after the commit (or the next poll finds it);</li>
 *   <li>{@link #start()} / {@link #stop(Duration)} around the server's life.</li>
 * </ul>
 */
public final class Webhooks {

    private final WebhookStore store;
    private final WebhookMessages messages;
    private final EndpointRegistry registry;
    private final WebhookDispatcher dispatcher;

    /** Production wiring: the system's DNS and the JDK's default TLS trust. */
    public Webhooks(WebhookStore store, WebhookSettings settings, Clock clock) {
        this(store, settings, clock, HostResolver.system(), (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /**
     * Production wiring whose payload URLs start with {@code publicBaseUrl}'s answer at the time of each event
     * instead of {@code settings.publicBaseUrl()}: the server's own address is known only once it listens.
     */
    public Webhooks(WebhookStore store, WebhookSettings settings, Clock clock, Supplier<URI> publicBaseUrl) {
        this(store, settings, clock, publicBaseUrl, DeliveryMetrics.NONE);
    }

    /** As above, reporting every delivery attempt to {@code metrics}. */
    public Webhooks(WebhookStore store, WebhookSettings settings, Clock clock, Supplier<URI> publicBaseUrl,
                    DeliveryMetrics metrics) {
        this(store, settings, clock, HostResolver.system(), new PinnedHttpSender(
                (SSLSocketFactory) SSLSocketFactory.getDefault(), settings.connectTimeout(), settings.attemptTimeout()),
                publicBaseUrl, metrics);
    }

    /** With a resolver and TLS of the caller's (tests: fake DNS names, a test certificate authority). */
    public Webhooks(WebhookStore store, WebhookSettings settings, Clock clock, HostResolver resolver,
                    SSLSocketFactory tls) {
        this(store, settings, clock, resolver,
                new PinnedHttpSender(tls, settings.connectTimeout(), settings.attemptTimeout()));
    }

    Webhooks(WebhookStore store, WebhookSettings settings, Clock clock, HostResolver resolver,
             WebhookSender sender) {
        this(store, settings, clock, resolver, sender, settings::publicBaseUrl, DeliveryMetrics.NONE);
    }

    private Webhooks(WebhookStore store, WebhookSettings settings, Clock clock, HostResolver resolver,
                     WebhookSender sender, Supplier<URI> publicBaseUrl, DeliveryMetrics metrics) {
        this.store = store;
        Secrets secrets = new Secrets(new SecureRandom(), settings.secretBytes());
        SsrfGuard guard = new SsrfGuard(resolver, settings.allowPrivateTargets());
        RetryPolicy retries = new RetryPolicy(settings.retrySchedule(), settings.jitter(), settings.maxRetryAfter(),
                () -> ThreadLocalRandom.current().nextDouble());
        DeliveryRunner runner = new DeliveryRunner(store, guard, sender, retries, clock, settings.disableAfter(),
                metrics);
        this.messages = new WebhookMessages(publicBaseUrl, secrets, clock);
        this.dispatcher = new WebhookDispatcher(store, runner, clock, settings);
        this.registry = new EndpointRegistry(store, guard, secrets, clock, settings.previousSecretTtl(),
                dispatcher::wake);
    }

    public EndpointRegistry registry() {
        return registry;
    }

    public WebhookMessages messages() {
        return messages;
    }

    /**
     * Stores {@code event} with its deliveries and wakes the dispatcher.
     *
     * @return the message, whose id is the {@code webhook-id} every delivery of it carries
     */
    public OutboxMessage publish(WebhookEvent event) {
        OutboxMessage message = messages.forEvent(event);
        store.enqueue(message);
        dispatcher.wake();
        return message;
    }

    /** Tells the dispatcher that deliveries were enqueued by someone else (a committed save transaction). */
    public void wake() {
        dispatcher.wake();
    }

    public void start() {
        dispatcher.start();
    }

    /** Stops delivering; pending deliveries stay in the store for the next start. */
    public void stop(Duration grace) {
        dispatcher.stop(grace);
    }

    WebhookDispatcher dispatcher() {
        return dispatcher;
    }
}
