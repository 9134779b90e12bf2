/**
 * A local Notion for tests, demos and a real browser. It depends on none of this project's modules
 * and on no test framework, so the client it checks cannot lend it its own mistakes.
 *
 * <p>Start here: {@link dev.notionoauth.emulator.NotionEmulator} serves Notion's OAuth endpoints,
 * consent page, API and webhook deliveries on 127.0.0.1; {@link dev.notionoauth.emulator.Fault}
 * injects failures per {@link dev.notionoauth.emulator.Endpoint}, and {@link
 * dev.notionoauth.emulator.RecordedRequest} is what tests assert on.
 */
@NullMarked
package dev.notionoauth.emulator;

import org.jspecify.annotations.NullMarked;
