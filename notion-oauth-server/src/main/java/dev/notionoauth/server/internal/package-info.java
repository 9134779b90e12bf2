/** Implementation details of the server. Not API. */
@NullMarked
package dev.notionoauth.server.internal;

import org.jspecify.annotations.NullMarked;
