package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.server.internal.DemoCommand;
import dev.notionoauth.testkit.RequiredServices;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person clicking through the demo in a real (headless) Chromium: landing page, "Add to Notion",
 * the emulator's consent page, Allow or Cancel, the result page. Uses Debian's {@code chromium} and
 * {@code chromium-driver} with the driver path given, so nothing is downloaded. Screenshots go to
 * {@code target/screenshots/}.
 */
class DemoBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  static NotionEmulator notion;
  static NotionOAuthServer server;
  static WebDriver browser;
  static String base;

  @BeforeAll
  static void start() throws IOException {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      RequiredServices.missing(
          "browser",
          "Chromium is not installed: install the Debian packages chromium and chromium-driver"
              + " (bash .ci/run does) to run the real-browser test");
    }
    notion = NotionEmulator.start();
    server = DemoCommand.start(notion, 0);
    base = "http://localhost:" + server.port();
    Files.createDirectories(SCREENSHOTS);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1100,800",
        "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.stop();
    }
    if (notion != null) {
      notion.close();
    }
  }

  private static void screenshot(String name) throws IOException {
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(SCREENSHOTS.resolve(name + ".png"), png);
  }

  /**
   * Waits for a text; a check that lands mid-navigation is tried again (as in the console's test).
   */
  private static void waitForText(String text) {
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .ignoring(org.openqa.selenium.WebDriverException.class)
        .until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), text));
  }

  @Test
  void aPersonAllowsOnNotionsPageAndLandsOnTheSuccessPage() throws IOException {
    browser.manage().deleteAllCookies();
    browser.get(base + "/");
    screenshot("1-landing");

    browser.findElement(By.id("add-to-notion")).click();
    waitForText("Allow access");
    assertThat(browser.getCurrentUrl()).startsWith(notion.baseUrl() + "/v1/oauth/authorize");
    screenshot("2-consent");

    browser.findElement(By.id("allow")).click();
    waitForText("Connected to Notion");
    screenshot("3-connected");

    assertThat(browser.findElement(By.tagName("body")).getText())
        .contains("Emulated Workspace is now connected");
    assertThat(browser.getCurrentUrl())
        .matches("http://localhost:\\d+/notion/result/[A-Za-z0-9_-]{43}")
        .doesNotContain("code=")
        .doesNotContain("state=");
    browser.get(base + "/");
    Cookie binding = browser.manage().getCookieNamed("noh_bind");
    assertThat(binding).isNotNull();
    assertThat(binding.isHttpOnly()).isTrue();
    assertThat(binding.getSameSite()).isEqualTo("Lax");
    assertThat(binding.getPath()).isEqualTo("/");
    assertThat(binding.isSecure()).isFalse(); // plain http://localhost in the demo
    assertThat(notion.requests(Endpoint.TOKEN)).isNotEmpty();
  }

  @Test
  void aPersonWhoCancelsSeesTheCancelledPage() throws IOException {
    browser.get(base + "/");
    browser.findElement(By.id("add-to-notion")).click();
    waitForText("Allow access");

    browser.findElement(By.id("cancel")).click();
    waitForText("Connection cancelled");
    screenshot("4-cancelled");

    assertThat(browser.getCurrentUrl()).doesNotContain("error=").doesNotContain("state=");
    assertThat(browser.findElement(By.linkText("Start again")).getAttribute("href"))
        .endsWith("/notion/install");
  }

  /**
   * Catalogue E2, the control that shows why the binding cookie is {@code Lax}: the same flow with
   * the cookie forced to {@code SameSite=Strict} fails, because Notion's redirect back is a
   * cross-site navigation (the emulator is another site: 127.0.0.1, not localhost) and Chromium
   * withholds Strict cookies from it. Nothing is exchanged.
   */
  @Test
  void withTheBindingCookieForcedToStrictTheCallbackIsNotForThisBrowser() throws IOException {
    browser.manage().deleteAllCookies();
    browser.get(base + "/");
    browser.findElement(By.id("add-to-notion")).click();
    waitForText("Allow access");
    String consent = browser.getCurrentUrl();
    browser.get(base + "/healthz");
    Cookie lax = browser.manage().getCookieNamed("noh_bind");
    assertThat(lax.getSameSite()).isEqualTo("Lax");
    browser.manage().deleteCookieNamed("noh_bind");
    browser
        .manage()
        .addCookie(
            new Cookie.Builder("noh_bind", lax.getValue())
                .path("/")
                .isHttpOnly(true)
                .sameSite("Strict")
                .build());
    int exchanges = notion.requests(Endpoint.TOKEN).size();

    browser.get(consent);
    waitForText("Allow access");
    browser.findElement(By.id("allow")).click();
    waitForText("Could not connect to Notion");
    screenshot("7-strict-cookie-refused");

    assertThat(browser.findElement(By.tagName("body")).getText())
        .contains("started in another browser")
        .contains("state_not_for_this_browser");
    assertThat(notion.requests(Endpoint.TOKEN)).hasSize(exchanges);
  }

  /**
   * What a page of another site (a local origin, so Chromium's local-network checks do not
   * interfere) shows of {@code url} in a frame: the frame's page source.
   */
  private static String framed(String url, String screenshotName) throws Exception {
    byte[] page =
        ("<!DOCTYPE html><h1>another site</h1><iframe id=\"f\" width=\"700\" height=\"400\""
                + " src=\""
                + url
                + "\"></iframe>")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    com.sun.net.httpserver.HttpServer other =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 4);
    other.createContext(
        "/",
        ex -> {
          ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          ex.sendResponseHeaders(200, page.length);
          ex.getResponseBody().write(page);
          ex.close();
        });
    other.start();
    try {
      browser.get("http://127.0.0.1:" + other.getAddress().getPort() + "/");
      waitForText("another site");
      Thread.sleep(1000); // give the frame its chance to load
      screenshot(screenshotName);
      browser.switchTo().frame("f");
      try {
        return browser.getPageSource();
      } finally {
        browser.switchTo().defaultContent();
      }
    } finally {
      other.stop(0);
    }
  }

  @Test
  void anotherSiteCannotShowOurPagesInAFrame() throws Exception {
    // control: a page without our headers (the emulator's error page) does show in a frame
    String control = framed(notion.baseUrl() + "/v1/oauth/authorize", "5-framing-allowed-control");
    String ours = framed(base + "/", "6-framing-refused");

    assertThat(control).contains("Missing or invalid client_id");
    assertThat(ours).doesNotContain("Add to Notion").doesNotContain("LOCAL_NETWORK");
    browser.get(base + "/");
    assertThat(browser.getPageSource()).contains("Add to Notion");
  }
}
