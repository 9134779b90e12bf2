/**
 * Test support: {@link dev.notionoauth.testkit.NotionEmulator}, a local stand-in for Notion's OAuth
 * endpoints and authorize page with failure injection, and {@link
 * dev.notionoauth.testkit.NotionEmulatorExtension}, which runs one for a JUnit 5 test class.
 */
@NullMarked
package dev.notionoauth.testkit;

import org.jspecify.annotations.NullMarked;
