package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.HttpBrowser;
import dev.notionoauth.testkit.RequiredServices;
import dev.notionoauth.webhook.StoredWebhookEvent;
import dev.notionoauth.webhook.WebhookEnvelope;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An operator in a real (headless) Chromium: signs in by keyboard alone, sees the installation a
 * flow just created, opens it, revokes it (Notion refuses its token afterwards), replays a
 * dead-lettered webhook event, creates and revokes an API key, reads the audit and signs out. Every
 * page is scanned with axe-core (npm) for serious or critical violations, and every link, button
 * and field on it is reached with Tab. Screenshots go to {@code target/screenshots/console-*}.
 */
class ConsoleBrowserTest {
  @TempDir Path dir;

  private WebDriver browser;
  private String axe;

  private void open() throws IOException {
    if (!Files.isExecutable(DemoBrowserTest.CHROMIUM)
        || !Files.isExecutable(DemoBrowserTest.CHROMEDRIVER)) {
      RequiredServices.missing(
          "browser", "Chromium is not installed: install chromium and chromium-driver");
    }
    Files.createDirectories(DemoBrowserTest.SCREENSHOTS);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(DemoBrowserTest.CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--no-first-run",
        "--window-size=1200,900",
        "--user-data-dir=" + Files.createTempDirectory("chromium-console"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DemoBrowserTest.CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  /**
   * Waits for a text on the page; a check that lands mid-navigation (the old body gone, Chromium's
   * "node does not belong to the document") is simply tried again.
   */
  private void waitForText(String text) {
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .ignoring(org.openqa.selenium.WebDriverException.class)
        .until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), text));
  }

  /** Screenshot, axe-core scan (no serious or critical violation) and a Tab walk of the page. */
  private void check(String name) throws IOException {
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(DemoBrowserTest.SCREENSHOTS.resolve("console-" + name + ".png"), png);
    JavascriptExecutor js = (JavascriptExecutor) browser;
    js.executeScript(axe);
    Object violations =
        js.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "axe.run(document).then(r => done(JSON.stringify(r.violations"
                + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target).join(' ')))));");
    assertThat(String.valueOf(violations)).as("axe-core on the %s page", name).isEqualTo("[]");
    // every link, button and field is reached by Tab, in order
    List<WebElement> focusable =
        browser.findElements(By.cssSelector("a[href], button, input:not([type=hidden]), select"));
    js.executeScript("document.activeElement && document.activeElement.blur(); window.focus();");
    List<WebElement> reached = new ArrayList<>();
    for (int i = 0; i < focusable.size() + 2; i++) {
      new Actions(browser).sendKeys(Keys.TAB).perform();
      reached.add(browser.switchTo().activeElement());
    }
    assertThat(reached).as("elements reached by Tab on the %s page", name).containsAll(focusable);
  }

  @Test
  void anOperatorWorksThroughEveryPageInARealBrowser() throws Exception {
    NodeChecks.require();
    axe = Files.readString(NodeChecks.DIR.resolve("node_modules/axe-core/axe.min.js"));
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      String key = TestServers.canaryKey();
      ServerConfig config =
          ConsoleTest.consoleWithAlice(dir, notion, key, port)
              .installLinkSecret(ServerFlowTest.LINK_SECRET)
              .webhooksEnabled(true)
              .apiEnabled(true)
              .build();
      try (NotionOAuthServer server = NotionOAuthServer.builder(config).build().start()) {
        URI base = URI.create("http://localhost:" + port);
        HttpBrowser user = new HttpBrowser();
        String workspace = "<i>Acme</i> Labs";
        user.follow(user.get(notion.approve(user.install(base), workspace)));
        String botId = notion.botIdFor(NotionEmulator.DEFAULT_CLIENT_ID, workspace);
        String token = server.installations().find(botId).orElseThrow().tokens().access().value();
        String body = notion.webhooks().installedEvent("page.created", "page-1");
        StoredWebhookEvent received =
            StoredWebhookEvent.received(WebhookEnvelope.fromJson(body), body, Instant.now());
        StoredWebhookEvent dead =
            new StoredWebhookEvent(
                received.id(),
                received.type(),
                received.workspaceId(),
                received.receivedAt(),
                received.body(),
                StoredWebhookEvent.Status.FAILED,
                8,
                received.nextAttemptAt(),
                "consumer failed: IllegalStateException",
                List.of(botId),
                false);
        server.webhookStore().orElseThrow().record(dead);

        open();
        try {
          browser.get(base + "/console");
          waitForText("Sign in");
          check("sign-in");
          // by keyboard alone: focus the name, type, Tab to the password, Enter
          browser.findElement(By.id("name")).click();
          new Actions(browser)
              .sendKeys("alice")
              .sendKeys(Keys.TAB)
              .sendKeys(ConsoleTest.PASSWORD)
              .sendKeys(Keys.ENTER)
              .perform();
          waitForText("Installations by status");
          check("overview");

          browser.findElement(By.linkText("Installations")).click();
          waitForText(botId);
          assertThat(browser.findElement(By.tagName("main")).getText())
              .contains("<i>Acme</i> Labs");
          assertThat(browser.findElements(By.tagName("i"))).isEmpty();
          check("installations");

          browser.findElement(By.linkText(workspace)).click();
          waitForText("Token version");
          assertThat(browser.getPageSource()).doesNotContain(token);
          check("installation");
          browser.findElement(By.xpath("//button[text()='Revoke at Notion']")).click();
          waitForText("revoked since");
          assertThat(notion.isActive(token)).isFalse();

          browser.get(base + "/console/webhooks?status=FAILED");
          waitForText("consumer failed");
          check("webhooks");
          browser.findElement(By.xpath("//button[text()='Replay']")).click();
          waitForText("Webhook events");
          assertThat(server.webhookStore().orElseThrow().find(dead.id()).orElseThrow().status())
              .isNotEqualTo(StoredWebhookEvent.Status.FAILED);

          // setting up webhooks: a capture window, Notion's request, its token shown, confirmed
          browser.findElement(By.linkText("Verification token and capture window")).click();
          waitForText("No verification token is confirmed");
          browser.findElement(By.xpath("//button[text()='Open a capture window']")).click();
          waitForText("Open until");
          var handshake = notion.webhooks().handshake(base.resolve("/notion/webhooks"));
          assertThat(handshake.delivery().status()).isEqualTo(200);
          browser.navigate().refresh();
          waitForText("sha256:");
          assertThat(browser.getPageSource()).doesNotContain(handshake.token());
          check("webhook-verification");
          browser.findElement(By.xpath("//button[text()='Show token #1']")).click();
          waitForText("Paste this");
          assertThat(browser.findElement(By.id("token")).getAttribute("value"))
              .isEqualTo(handshake.token());
          browser.findElement(By.linkText("confirm candidate #1")).click();
          waitForText("only after Notion");
          browser.findElement(By.xpath("//button[text()='Confirm candidate #1']")).click();
          waitForText("A verification token is confirmed");
          assertThat(
                  notion
                      .webhooks()
                      .deliver(base.resolve("/notion/webhooks"), handshake.token(), body)
                      .status())
              .isEqualTo(200);

          browser.findElement(By.linkText("App events")).click();
          waitForText("Dead letters");
          check("app-events");

          browser.findElement(By.linkText("API keys")).click();
          waitForText("Create a key");
          browser.findElement(By.id("key-name")).sendKeys("billing");
          browser.findElement(By.id("scope-installations-read")).click();
          browser.findElement(By.xpath("//button[text()='Create']")).click();
          waitForText("shown this once");
          String secret = browser.findElement(By.id("secret")).getAttribute("value");
          assertThat(secret).startsWith("nohk_");
          assertThat(server.components().apiKeys().orElseThrow().authenticate(secret)).isPresent();
          check("api-keys");
          browser
              .findElement(By.xpath("//tr[td[text()='billing']]//button[text()='Revoke']"))
              .click();
          waitForText("Create a key");
          assertThat(server.components().apiKeys().orElseThrow().authenticate(secret)).isEmpty();

          browser.findElement(By.linkText("Audit")).click();
          waitForText("/console/installations/{bot_id}/revoke");
          assertThat(browser.findElement(By.tagName("main")).getText()).contains("operator alice");
          check("audit");

          browser.findElement(By.xpath("//button[text()='Sign out']")).click();
          waitForText("Sign in");
          browser.get(base + "/console/installations");
          waitForText("Sign in");
        } finally {
          browser.quit();
        }
      }
    }
  }
}
