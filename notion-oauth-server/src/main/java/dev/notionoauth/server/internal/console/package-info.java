/**
 * The operator console ({@code console.enabled}): {@link
 * dev.notionoauth.server.internal.console.ConsoleServlet} (routes and actions), its sessions
 * ({@code ConsoleSessions}), pages ({@code ConsolePage}, {@code ConsoleViews}) and operators'
 * password hashing ({@link dev.notionoauth.server.internal.console.Passwords}).
 */
@NullMarked
package dev.notionoauth.server.internal.console;

import org.jspecify.annotations.NullMarked;
