/**
 * Extension points: token consumers, response views, state stores and their providers.
 *
 * <p>A provider is registered in {@code META-INF/services/<interface name>} and picked by its
 * {@code name()} in configuration.
 */
@NullMarked
package dev.notionoauth.spi;

import org.jspecify.annotations.NullMarked;
