/** Implementation details of the JDBC stores. Not API. */
@NullMarked
package dev.notionoauth.store.jdbc.internal;

import org.jspecify.annotations.NullMarked;
