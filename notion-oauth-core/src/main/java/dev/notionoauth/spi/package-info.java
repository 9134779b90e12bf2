/**
 * Extension points, each a small interface with one job.
 *
 * <p>Start here:
 *
 * <ul>
 *   <li>Plugins: {@link dev.notionoauth.spi.TokenConsumer} (told of each authorization), {@link
 *       dev.notionoauth.spi.ResponseView} (shapes the result pages), {@link
 *       dev.notionoauth.spi.InstallationListener} (told of health changes) and {@link
 *       dev.notionoauth.spi.WebhookConsumer} (handed webhook events). Each is made by a {@link
 *       dev.notionoauth.spi.PluginProvider}, registered in {@code
 *       META-INF/services/dev.notionoauth.spi.PluginProvider} and picked by its {@code name()} in
 *       configuration; {@link dev.notionoauth.spi.PluginContext} is what it is created with.
 *   <li>Stores: {@link dev.notionoauth.spi.StateStore}, {@link
 *       dev.notionoauth.spi.InstallationStore}, {@link dev.notionoauth.spi.ResultPageStore} and
 *       {@link dev.notionoauth.spi.WebhookStore}, with {@link dev.notionoauth.spi.StoreCommits} to
 *       group writes in one commit. In memory in core, over JDBC in {@code
 *       notion-oauth-store-jdbc}; the testkit's contract suites say what an implementation owes.
 * </ul>
 */
@NullMarked
package dev.notionoauth.spi;

import org.jspecify.annotations.NullMarked;
