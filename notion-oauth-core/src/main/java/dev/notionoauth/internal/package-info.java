/** Implementation details. Not API: may change in any release. */
@NullMarked
package dev.notionoauth.internal;

import org.jspecify.annotations.NullMarked;
