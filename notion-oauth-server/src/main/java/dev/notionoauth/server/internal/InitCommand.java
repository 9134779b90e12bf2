package dev.notionoauth.server.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code init}: writes a commented starter configuration and starter Terms/Privacy documents. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description =
        "Write a commented notion-oauth-handler.yaml and starter Terms of Use and Privacy Policy"
            + " documents into DIR (default: the current folder).")
public final class InitCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Target folder.")
  Path dir = Path.of(".");

  @Option(names = "--force", description = "Overwrite existing files.")
  boolean force;

  @Spec CommandSpec spec;

  static final String CONFIG =
      """
      # notion-oauth-handler configuration. Check it with:  notion-oauth-handler check
      # Values may read the environment: ${VAR} or ${VAR:-default}. Unknown keys are errors.

      notion:
        # From your integration's Configuration tab in Notion's developer portal.
        client-id: ${NOTION_CLIENT_ID}
        client-secret: ${NOTION_CLIENT_SECRET}
        # or keep the secret in a file (never on the command line):
        # client-secret-file: /run/secrets/notion-client-secret
        # Register exactly this URI in Notion; its path must be base-path + callback-path.
        redirect-uri: https://example.com/notion/callback
        # api-base-url: https://api.notion.com
        # version: 2026-03-11

      server:
        host: 0.0.0.0
        port: 8080
        # base-path: ""
        # install-path: /notion/install     # send users here to connect Notion
        # callback-path: /notion/callback
        # result-path: /notion/result
        # landing-page: false               # an "Add to Notion" page at the base path
        # site-name: My integration
        # Terminate TLS here (or run behind a proxy and list it in trusted-proxies):
        # tls:
        #   keystore: tls.p12
        #   keystore-password: ${TLS_KEYSTORE_PASSWORD}
        #   # or PEM files:
        #   # certificate: fullchain.pem
        #   # private-key: privkey.pem
        # trusted-proxies: [127.0.0.1]
        # Let your app pass its own user id etc. through signed install links:
        # install-link-secret: ${NOTION_INSTALL_LINK_SECRET}   # base64 of >= 32 random bytes
        # require-install-link: false
        # seal-states: true   # false: store each state when its flow starts (rolling upgrades)
        # shutdown-timeout: 20s
        # Installs started from Notion's side arrive without our state: reject, or accept-unbound
        # (stored unlinked; the result page offers settings.claim-url to link them).
        # unbound-installs: reject
        # install-rate-limit: 60            # installs per client address per minute (0: no limit)
        # max-connections: 1000             # open connections at once; more wait in the OS queue
        # idle-timeout: 30s                 # silent connections (slowloris) are closed after this
        # metrics-from: [127.0.0.1, ::1]    # who may read /metrics (Prometheus); [] turns it off

      # Where flows in progress and installations are kept. Tokens are sealed with AES-256-GCM.
      store:
        # jdbc-url: jdbc:sqlite:./data/notion-oauth.db            # the default: one instance
        # jdbc-url: jdbc:postgresql://db.example.com:5432/notion  # several instances
        # username: notion
        # password: ${DB_PASSWORD}
        # Base64 of 32 random bytes (openssl rand -base64 32); keep it out of the database.
        encryption-key: ${NOTION_OAUTH_ENCRYPTION_KEY}
        # encryption-key-file: /run/secrets/notion-oauth-key
        # previous-encryption-keys:        # old keys, only while rotate-key runs
        #   - ${NOTION_OAUTH_OLD_ENCRYPTION_KEY}

      # Who receives the tokens, and how result pages look (see: notion-oauth-handler plugins).
      consumer: store
      view: default
      # Settings handed to the plugins:
      settings:
        product-name: My integration

      # Pages every public integration should publish.
      documents:
        /terms: docs/terms-of-use.md
        /privacy: docs/privacy-policy.md

      # Notion's webhooks (off by default): POST <public URL>/notion/webhooks. To set up, turn
      # them on, run `webhooks capture`, create the subscription in Notion, paste the token it
      # prints into Notion's Verify dialog, then `webhooks confirm N`.
      # webhooks:
      #   enabled: true
      #   path: /notion/webhooks
      #   consumers: [log]              # your PluginProvider<WebhookConsumer> names
      """;

  static final String TERMS =
      """
      # Terms of Use

      *Last updated: YYYY-MM-DD*

      These terms govern your use of **My integration** ("the integration") with your Notion
      workspace. By connecting the integration you agree to them.

      ## What the integration does

      Describe what the integration reads and writes in the pages you share with it.

      ## Your responsibilities

      Only share pages you are allowed to share. You can disconnect the integration at any time in
      Notion's *Settings → Connections*.

      ## Contact

      Questions: you@example.com
      """;

  static final String PRIVACY =
      """
      # Privacy Policy

      *Last updated: YYYY-MM-DD*

      ## What we store

      When you connect your Notion workspace we receive an access token, your workspace's id and
      name, and the id, name and (if permitted) email of the user who connected it. We store them
      to act on the pages you share, and nothing else.

      ## How we protect it

      Tokens are stored encrypted. We never sell or share your data.

      ## Deleting your data

      Disconnect the integration in Notion and write to you@example.com; we delete what we hold
      within 30 days.
      """;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Path docs = dir.resolve("docs");
    List<Path> targets =
        List.of(
            dir.resolve("notion-oauth-handler.yaml"),
            docs.resolve("terms-of-use.md"),
            docs.resolve("privacy-policy.md"));
    if (!force) {
      for (Path t : targets) {
        if (Files.exists(t)) {
          throw new FileAlreadyExistsException(t + " exists; use --force to overwrite");
        }
      }
    }
    Files.createDirectories(docs);
    write(targets.get(0), CONFIG);
    write(targets.get(1), TERMS);
    write(targets.get(2), PRIVACY);
    for (Path t : targets) {
      out.println("wrote " + t);
    }
    out.println(
        "Next: set NOTION_CLIENT_ID, NOTION_CLIENT_SECRET and NOTION_OAUTH_ENCRYPTION_KEY (openssl"
            + " rand -base64 32), edit redirect-uri, then run `notion-oauth-handler check`.");
    return 0;
  }

  private void write(Path file, String text) throws IOException {
    Files.writeString(
        file,
        text,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
  }
}
