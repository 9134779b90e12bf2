/**
 * Events to the app: installation changes posted to the app's URL in the Standard Webhooks format
 * (signed, retried, durable), so an app in any language learns of them without polling.
 *
 * <p>Start here:
 *
 * <ul>
 *   <li>{@link dev.notionoauth.appevent.AppEventRecorder} turns installation changes into events in
 *       the outbox ({@link dev.notionoauth.spi.AppEventStore}); it is an installation listener.
 *   <li>{@link dev.notionoauth.appevent.AppEventSender} posts them in the background, signed by
 *       {@link dev.notionoauth.appevent.StandardWebhooksSigner}, with retries and dead letters.
 *   <li>{@link dev.notionoauth.appevent.AppEvent} is one event; {@link
 *       dev.notionoauth.appevent.AppEventType} its kinds.
 * </ul>
 *
 * <p>Everything in this package is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.notionoauth.appevent;

import org.jspecify.annotations.NullMarked;
