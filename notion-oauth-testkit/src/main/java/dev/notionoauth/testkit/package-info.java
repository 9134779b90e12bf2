/**
 * Test support for users of the library and for this project's own modules: {@link
 * dev.notionoauth.testkit.NotionEmulatorExtension} runs a {@link
 * dev.notionoauth.emulator.NotionEmulator} for a JUnit 5 test class; {@link
 * dev.notionoauth.testkit.StateStoreContract}, {@link
 * dev.notionoauth.testkit.InstallationStoreContract} and {@link
 * dev.notionoauth.testkit.ResultPageStoreContract} are the suites every store implementation
 * passes; {@link dev.notionoauth.testkit.FaultyStateStore} injects outages; {@link
 * dev.notionoauth.testkit.TestPostgres} and {@link dev.notionoauth.emulator.SelfSignedCertificate}
 * are fixtures; {@link dev.notionoauth.testkit.RequiredServices} decides whether a missing service
 * skips a test or fails it.
 */
@NullMarked
package dev.notionoauth.testkit;

import org.jspecify.annotations.NullMarked;
