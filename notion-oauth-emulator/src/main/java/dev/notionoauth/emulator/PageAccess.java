package dev.notionoauth.emulator;

/** Whether the integration may see an emulated page ({@link NotionEmulator#createPage}). */
public enum PageAccess {
  /** Shared with the integration: readable, found by search. */
  SHARED,
  /** In the workspace but not shared with the integration: Notion answers 404. */
  NOT_SHARED,
  /** Shared, but the integration lacks the capability: Notion answers 403. */
  RESTRICTED
}
