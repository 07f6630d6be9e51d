package dev.keel.engine.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium (/usr/bin/chromium) driven through /usr/bin/chromedriver at 1280x800;
 * nothing is downloaded (Selenium Manager is not used when both paths are given). Screenshots go to
 * target/console-screenshots.
 */
final class Browser implements AutoCloseable {

  static final Path SHOTS = Path.of("target", "console-screenshots");

  final ChromeDriver driver;
  private final String base;

  Browser(String base) {
    this.base = base;
    System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,800",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--hide-scrollbars");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    viewport(800);
  }

  /** Opens a console route (e.g. {@code #/models}) and waits until the page has rendered. */
  Browser open(String hash) {
    driver.get(base + "/" + hash);
    return ready();
  }

  /** Waits until the console says the current page is rendered. */
  Browser ready() {
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(
            d ->
                "true"
                    .equals(
                        ((JavascriptExecutor) d)
                            .executeScript("return document.body && document.body.dataset.ready")));
    return this;
  }

  WebElement find(String css) {
    return new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(
            d -> {
              var found = d.findElements(By.cssSelector(css));
              return found.isEmpty() ? null : found.get(0);
            });
  }

  boolean has(String css) {
    return !driver.findElements(By.cssSelector(css)).isEmpty();
  }

  String text(String css) {
    return find(css).getText();
  }

  /** Waits until the element's text contains {@code part}; returns the text. */
  String awaitText(String css, String part) {
    return new WebDriverWait(driver, Duration.ofSeconds(60))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(
            d -> {
              var found = d.findElements(By.cssSelector(css));
              return !found.isEmpty() && found.get(0).getText().contains(part)
                  ? found.get(0).getText()
                  : null;
            });
  }

  /** Reloads the page (opening the same hash again would not render it anew) and waits for it. */
  Browser reload() {
    driver.navigate().refresh();
    return ready();
  }

  /** Waits until the script returns true (e.g. until a chart is registered), then for the page. */
  Browser until(String script) {
    new WebDriverWait(driver, Duration.ofSeconds(60))
        .until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(script)));
    return ready();
  }

  Object js(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  Object asyncJs(String script, Object... args) {
    return driver.executeAsyncScript(script, args);
  }

  void signIn(String token) {
    open("#/signin");
    find("#token").clear();
    find("#token").sendKeys(token);
    find("#signin-submit").click();
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(
            d ->
                !d.getCurrentUrl().contains("#/signin")
                    || !d.findElements(By.cssSelector("#signin-error:not(.hidden)")).isEmpty());
    if (driver.getCurrentUrl().contains("#/signin")) {
      return;
    }
    ready();
  }

  void signOut() {
    find("#signout").click();
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(d -> d.getCurrentUrl().contains("#/signin"));
  }

  /**
   * The console's session cookie as the browser holds it (HttpOnly: page scripts cannot read it).
   */
  String sessionCookie() {
    var c = driver.manage().getCookieNamed("keel_console");
    return c == null ? null : c.getValue();
  }

  Path screenshot(String name) {
    try {
      Files.createDirectories(SHOTS);
      Path to = SHOTS.resolve(name + ".png");
      Files.copy(
          driver.getScreenshotAs(OutputType.FILE).toPath(),
          to,
          StandardCopyOption.REPLACE_EXISTING);
      return to;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Sizes the window so that the page itself is 1280 wide and {@code height} tall. */
  void viewport(int height) {
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, height));
    long inner = ((Number) js("return window.innerHeight")).longValue();
    long innerWidth = ((Number) js("return window.innerWidth")).longValue();
    driver
        .manage()
        .window()
        .setSize(
            new org.openqa.selenium.Dimension(
                (int) (1280 + 1280 - innerWidth), (int) (height + height - inner)));
  }

  /** A full-page screenshot: the window grows to the page's height for the shot. */
  Path fullScreenshot(String name) {
    long height = ((Number) js("return Math.max(document.body.scrollHeight, 800)")).longValue();
    viewport((int) Math.min(height, 4000));
    try {
      return screenshot(name);
    } finally {
      viewport(800);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
