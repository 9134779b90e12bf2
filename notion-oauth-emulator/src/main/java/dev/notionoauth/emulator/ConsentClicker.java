package dev.notionoauth.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Plays the user on an emulator's consent page over HTTP, for an emulator running anywhere (this
 * process or another): opens the authorize URL, clicks <em>Allow access</em> or <em>Cancel</em>,
 * and returns where the emulator sends the browser back (the callback URL with {@code code} and
 * {@code state}, or with {@code error}). {@link NotionEmulator#approve} uses it too.
 */
public final class ConsentClicker {
  private static final Pattern CONSENT_ID =
      Pattern.compile("name=\"consent\" value=\"([A-Za-z0-9_-]+)\"");

  private ConsentClicker() {}

  /** Clicks <em>Allow access</em> for the default workspace. */
  public static URI allow(URI authorizeUrl) {
    return decide(authorizeUrl, "allow", null);
  }

  /**
   * Clicks <em>Allow access</em> for a workspace; a name the user does not belong to yet is created
   * on the fly.
   */
  public static URI allow(URI authorizeUrl, String workspaceName) {
    return decide(authorizeUrl, "allow", workspaceName);
  }

  /** Clicks <em>Cancel</em>. */
  public static URI cancel(URI authorizeUrl) {
    return decide(authorizeUrl, "cancel", null);
  }

  private static URI decide(URI authorizeUrl, String decision, @Nullable String workspaceName) {
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    try {
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(authorizeUrl).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (page.statusCode() == 302) {
        return URI.create(page.headers().firstValue("location").orElseThrow());
      }
      Matcher m = CONSENT_ID.matcher(page.body());
      if (page.statusCode() != 200 || !m.find()) {
        throw new IllegalStateException(
            "the authorize page refused the request (HTTP " + page.statusCode() + ")");
      }
      String form =
          "consent="
              + m.group(1)
              + "&decision="
              + decision
              + (workspaceName == null ? "" : "&workspace=" + OAuthServer.enc(workspaceName));
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(authorizeUrl.resolve(Endpoint.AUTHORIZE.path()))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return URI.create(answer.headers().firstValue("location").orElseThrow());
    } catch (IOException e) {
      throw new IllegalStateException("could not reach the emulator", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
