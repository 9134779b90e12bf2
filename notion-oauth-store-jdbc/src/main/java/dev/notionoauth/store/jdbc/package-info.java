/**
 * The stores over JDBC: SQLite (a file, the default) or PostgreSQL (for several instances).
 *
 * <p>Start here: {@link dev.notionoauth.store.jdbc.JdbcStores} opens a pool from {@link
 * dev.notionoauth.store.jdbc.JdbcStoreSettings} (or runs over the app's own {@code DataSource}),
 * migrates the schema and hands out every store; tokens are sealed with {@link
 * dev.notionoauth.store.jdbc.EncryptionKeys}. Operators' tools read {@link
 * dev.notionoauth.store.jdbc.InstallationSummaries} (no key needed) and re-seal tokens with {@link
 * dev.notionoauth.store.jdbc.KeyRotation}. The drivers are optional dependencies: the host adds
 * {@code org.xerial:sqlite-jdbc} or {@code org.postgresql:postgresql}.
 */
@NullMarked
package dev.notionoauth.store.jdbc;

import org.jspecify.annotations.NullMarked;
