/**
 * The audit trail of the HTTP API (and, later, of operators): who called which route for which
 * installation, with what status and latency — never a body, a token or a key.
 *
 * <p>Start here: {@link dev.notionoauth.audit.AuditLog} records entries off the request thread and
 * writes them in batches to an {@link dev.notionoauth.spi.AuditStore} ({@link
 * dev.notionoauth.audit.InMemoryAuditStore} here, the JDBC one in {@code notion-oauth-store-jdbc}),
 * purging those older than its retention; {@link dev.notionoauth.audit.AuditQuery} reads them back
 * ({@code audit list}).
 */
@NullMarked
package dev.notionoauth.audit;

import org.jspecify.annotations.NullMarked;
