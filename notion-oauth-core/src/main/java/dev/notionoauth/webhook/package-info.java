/**
 * Notion's webhooks: receiving deliveries, verifying them, and handing them to the app's consumers.
 *
 * <p>Start here:
 *
 * <ul>
 *   <li>{@link dev.notionoauth.webhook.WebhookReceiver} takes one delivery as it arrived (body and
 *       {@code X-Notion-Signature}), checks its signature and age, and stores it once: it answers
 *       with a {@link dev.notionoauth.webhook.WebhookReceiver.Receipt}. The servlet adapter and the
 *       server call it; an app on another framework calls it from its own route.
 *   <li>{@link dev.notionoauth.webhook.WebhookDispatcher} delivers stored events in the background
 *       to the {@link dev.notionoauth.spi.WebhookConsumer}s, at least once, with retries.
 *   <li>{@link dev.notionoauth.webhook.WebhookVerification} is the operator's side of Notion's
 *       verification handshake: capture candidate tokens, then confirm the one Notion shows.
 * </ul>
 *
 * <p>Two shapes of one delivery: {@link dev.notionoauth.webhook.WebhookEnvelope} is Notion's
 * envelope as sent (id, type, timestamp, entity, authors, who can see it), and {@link
 * dev.notionoauth.webhook.WebhookEvent} is the typed event read from it (one record per category:
 * page, database, data source, comment, …) that a consumer switches on. {@link
 * dev.notionoauth.webhook.StoredWebhookEvent} is an envelope with its delivery bookkeeping, and
 * {@link dev.notionoauth.webhook.WebhookDelivery} what a consumer is handed.
 *
 * <p>Everything in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.notionoauth.webhook;

import org.jspecify.annotations.NullMarked;
