/**
 * State and installation stores over JDBC: {@link dev.notionoauth.store.jdbc.JdbcStores} opens a
 * pooled connection to SQLite (a file, the default) or PostgreSQL (for several instances), runs the
 * schema migrations, and seals tokens with {@link dev.notionoauth.store.jdbc.EncryptionKeys}.
 */
@NullMarked
package dev.notionoauth.store.jdbc;

import org.jspecify.annotations.NullMarked;
