package dev.notionoauth.server.internal;

import dev.notionoauth.InstallationException;
import dev.notionoauth.NotionApiException;
import dev.notionoauth.NotionOAuthException;
import dev.notionoauth.NotionRequest;
import dev.notionoauth.NotionResponse;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code api}: one authorized call to Notion's API for an installation, through the same client the
 * library gives a host app (refresh on 401, Notion's limits, health), printing Notion's JSON. For
 * operators debugging an installation; it never prints a token.
 */
@Command(
    name = "api",
    mixinStandardHelpOptions = true,
    description =
        "Make one authorized call to Notion's API for an installation (refreshing its token if"
            + " needed) and print Notion's JSON answer; never prints a token.")
public final class ApiCommand implements Callable<Integer> {
  @Mixin StoreOptions store = new StoreOptions();

  @Parameters(index = "0", paramLabel = "BOT_ID", description = "The installation's bot id.")
  String botId = "";

  @Parameters(index = "1", paramLabel = "METHOD", description = "GET, POST, PATCH or DELETE.")
  String method = "";

  @Parameters(index = "2", paramLabel = "PATH", description = "An API path like /v1/users/me.")
  String path = "";

  @Option(names = "--data", paramLabel = "JSON", description = "The JSON body (POST, PATCH).")
  @Nullable String data;

  @Option(
      names = "--notion-version",
      paramLabel = "VERSION",
      description = "The Notion-Version of this call (default: the configured one).")
  @Nullable String notionVersion;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    NotionRequest request;
    try {
      request = new NotionRequest(method, path, java.util.Map.of(), data, notionVersion);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    try {
      NotionResponse response =
          store.withInstallations(installations -> installations.api(botId).send(request));
      // Notion's content is untrusted: no terminal escape or bidi override reaches the operator
      out.println(dev.notionoauth.web.LogSafe.lines(response.json().toPrettyString()));
      return 0;
    } catch (InstallationException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (NotionApiException e) {
      err.println(
          "error: Notion answered HTTP "
              + e.status()
              + " "
              + e.code()
              + e.notionMessage().map(m -> ": " + dev.notionoauth.web.LogSafe.text(m)).orElse("")
              + e.requestId().map(id -> " (request id " + id + ")").orElse(""));
      return 1;
    } catch (NotionOAuthException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }
}
