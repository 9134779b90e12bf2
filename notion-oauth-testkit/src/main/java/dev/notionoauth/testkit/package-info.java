/**
 * Test support for users of the library and for this project's own modules.
 *
 * <p>Start here:
 *
 * <ul>
 *   <li>{@link dev.notionoauth.testkit.NotionEmulatorExtension} runs a {@link
 *       dev.notionoauth.emulator.NotionEmulator} (the local Notion) for a JUnit 5 test class, and
 *       {@link dev.notionoauth.testkit.HttpBrowser} walks the install flow against your app like a
 *       browser (cookies, redirects, the consent page).
 *   <li>{@link dev.notionoauth.testkit.StateStoreContract}, {@link
 *       dev.notionoauth.testkit.InstallationStoreContract}, {@link
 *       dev.notionoauth.testkit.ResultPageStoreContract} and {@link
 *       dev.notionoauth.testkit.WebhookStoreContract}: the suites every store implementation
 *       passes.
 *   <li>{@link dev.notionoauth.testkit.HttpFuzzer} sends hostile HTTP to a route and checks every
 *       answer is safe.
 * </ul>
 *
 * <p>Fixtures: {@link dev.notionoauth.testkit.ManualTicker} (time a test moves), {@link
 * dev.notionoauth.testkit.FaultyStateStore} (outages), {@link dev.notionoauth.testkit.FreePorts},
 * {@link dev.notionoauth.testkit.TestPostgres}, {@link dev.notionoauth.testkit.WebhookHandshake};
 * {@link dev.notionoauth.testkit.RequiredServices} decides whether a missing service skips a test
 * or fails it.
 */
@NullMarked
package dev.notionoauth.testkit;

import org.jspecify.annotations.NullMarked;
