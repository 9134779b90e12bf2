/**
 * The small HTML and text kit shared by every module that writes pages or logs.
 *
 * <p>Start here: {@link dev.notionoauth.web.PageTemplate} (the one page layout, with a
 * Content-Security-Policy that pins its inline style by hash), {@link dev.notionoauth.web.Html}
 * (escaping for text and attributes) and {@link dev.notionoauth.web.LogSafe} (untrusted text made
 * safe for one log line). Public so a custom view or adapter renders pages exactly like the
 * built-in ones.
 */
@NullMarked
package dev.notionoauth.web;

import org.jspecify.annotations.NullMarked;
