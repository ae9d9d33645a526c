/**
 * Webhooks: tells integrations (a CMS, a search indexer, a backup job) that documents were saved, created or
 * deleted, per Standard Webhooks 1.0 (docs/webhooks.md).
 *
 * <p>The path of an event: a {@link dev.quire.webhook.WebhookEvent} becomes an {@link
 * dev.quire.store.OutboxMessage} (id and JSON body fixed once, so every retry sends the same bytes); {@link
 * dev.quire.webhook.WebhookStore#enqueue} records it with one pending {@link dev.quire.webhook.Delivery} per
 * subscribed endpoint - in the same transaction as the save that caused it (docs/webhooks.md, "Storage and durability")
 * - and the {@link dev.quire.webhook.WebhookDispatcher} delivers pending deliveries at least once, off the editing
 * path, with bounded concurrency, backoff, and the disabling rules.
 *
 * <p>Outbound HTTP goes through {@link dev.quire.webhook.PinnedHttpSender} to the address the {@link
 * dev.quire.webhook.SsrfGuard} checked, not through a second DNS look-up (see that class for why not the JDK
 * {@code HttpClient}). Time comes from an injected {@link java.time.Clock} so tests control it.
 *
 * <p>The storage types ({@code WebhookStore} and its records) live in {@code dev.quire.store}, next to the
 * document store whose transactions enqueue deliveries (docs/architecture.md, "Packages": {@code webhook} depends on
 * {@code store}, never the reverse).
 */
package dev.quire.webhook;
