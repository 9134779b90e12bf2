package dev.notionoauth.server.internal;

import dev.notionoauth.store.jdbc.JdbcStores;
import dev.notionoauth.store.jdbc.KeyRotation;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rotate-key}: re-seals every stored token with the current encryption key. */
@Command(
    name = "rotate-key",
    mixinStandardHelpOptions = true,
    description =
        "Re-seal every stored token with store.encryption-key. Put the old key in"
            + " store.previous-encryption-keys first; remove it once this has finished. Safe to"
            + " interrupt and run again.")
public final class RotateKeyCommand implements Callable<Integer> {
  private static final int MAX_PASSES = 5;

  @Mixin StoreOptions store = new StoreOptions();
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Interruption interruption = Interruption.listen();
    try (JdbcStores stores = store.openForTokens()) {
      KeyRotation rotation = stores.keyRotation();
      long total = stores.installationStore().count();
      int rotated = 0;
      // rows written meanwhile by a server still on an older key are caught by the next pass
      for (int pass = 1; pass <= MAX_PASSES; pass++) {
        rotated +=
            rotation.run(
                seen -> {
                  if (seen % 100 == 0 || seen == total) {
                    out.println("  " + seen + "/" + total + " installations looked at");
                    out.flush();
                  }
                },
                interruption::keepGoing);
        if (!interruption.keepGoing()) {
          out.println(
              "Interrupted after re-sealing " + rotated + "; run rotate-key again to finish.");
          return 130;
        }
        if (rotation.countNotOnCurrentKey() == 0) {
          boolean webhookToken = stores.webhookStore().resealVerificationToken();
          out.println(
              "Re-sealed "
                  + rotated
                  + " installation(s)"
                  + (webhookToken ? " and the webhook verification token" : "")
                  + "; all tokens use the current key.");
          return 0;
        }
      }
      long left = rotation.countNotOnCurrentKey();
      spec.commandLine()
          .getErr()
          .println(
              "error: "
                  + left
                  + " installation(s) are still sealed with an older key (a server still"
                  + " configured with it, or a key not in store.previous-encryption-keys): "
                  + String.join(", ", rotation.notOnCurrentKey(20))
                  + (left > 20 ? ", …" : "")
                  + ". Deploy the new key to every instance, run rotate-key again, and only then"
                  + " remove the old key.");
      return 1;
    }
  }
}
