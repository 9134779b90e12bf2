/**
 * The standalone server: {@link dev.notionoauth.server.ServerConfig} read from YAML by {@link
 * dev.notionoauth.server.ConfigLoader}, {@link dev.notionoauth.server.NotionOAuthServer} on
 * embedded Jetty 12, and the {@link dev.notionoauth.server.Main} command line.
 */
@NullMarked
package dev.notionoauth.server;

import org.jspecify.annotations.NullMarked;
