/**
 * A local Notion for tests, demos and a real browser: {@link
 * dev.notionoauth.emulator.NotionEmulator} serves Notion's OAuth endpoints and consent page on
 * 127.0.0.1 with failure injection ({@link dev.notionoauth.emulator.Fault}) and request recording
 * ({@link dev.notionoauth.emulator.RecordedRequest}). It depends on none of this project's modules
 * and on no test framework, so the client it checks cannot lend it its own mistakes.
 */
@NullMarked
package dev.notionoauth.emulator;

import org.jspecify.annotations.NullMarked;
