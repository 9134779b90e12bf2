/**
 * The standalone server.
 *
 * <p>Start here: {@link dev.notionoauth.server.Main} is the command line ({@code serve}, {@code
 * check}, {@code tokens}, {@code webhooks} …); {@link dev.notionoauth.server.ConfigLoader} reads
 * the YAML into a checked {@link dev.notionoauth.server.ServerConfig}; {@link
 * dev.notionoauth.server.NotionOAuthServer} maps it onto {@code NotionOAuthComponents} and serves
 * them on embedded Jetty 12.
 */
@NullMarked
package dev.notionoauth.server;

import org.jspecify.annotations.NullMarked;
