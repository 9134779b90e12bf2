package dev.notionoauth.server.internal;

import dev.notionoauth.store.jdbc.JdbcStores;
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
  @Mixin StoreOptions store = new StoreOptions();
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Interruption interruption = Interruption.listen();
    try (JdbcStores stores = store.openForTokens()) {
      long total = stores.installationStore().count();
      int rotated =
          stores
              .installationStore()
              .rotateKeys(
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
      out.println("Re-sealed " + rotated + " installation(s); all tokens use the current key.");
    }
    return 0;
  }
}
