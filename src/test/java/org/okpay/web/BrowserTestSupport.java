package org.okpay.web;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.okpay.TestUsers;
import org.okpay.identity.IdentityApi;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base class for tests that drive the real pages in headless Chromium against the running
 * application. One browser per test class (a fresh profile), cookies cleared before each test.
 *
 * <p>The browser and its driver are Debian's {@code chromium} and {@code chromium-driver}
 * ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}; override with the environment
 * variables {@code CHROME_BIN} and {@code CHROMEDRIVER}). Both paths are given to Selenium
 * explicitly, so Selenium Manager never runs and nothing is downloaded.
 *
 * <p>Wait for what the page should show with {@link #wait}; never sleep.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BrowserTestSupport {

  private static final Duration WAIT_MAX = Duration.ofSeconds(10);
  private static final Duration PAGE_LOAD_MAX = Duration.ofSeconds(30);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @LocalServerPort
  protected int port;

  /** The one way to make users (see {@link TestUsers}). */
  @Autowired
  protected TestUsers users;

  private Path profileDir;
  private ChromeDriverService service;
  protected ChromeDriver driver;
  protected WebDriverWait wait;

  /**
   * Waits as long as a page load may take: for the page a form leads to when the server does
   * slow work on the way (registration hashes the password with Argon2, seconds on a busy machine).
   */
  protected WebDriverWait pageWait;

  /** Keeps a picture of the page a failed test ended on, for whoever reads the CI log. */
  @RegisterExtension
  final AfterTestExecutionCallback screenshotOnFailure = context -> {
    if (context.getExecutionException().isPresent() && driver != null) {
      screenshot(context.getRequiredTestClass().getSimpleName() + "-"
          + context.getRequiredTestMethod().getName() + "-failed");
    }
  };

  @BeforeAll
  void startBrowser() throws IOException {
    File driverFile = executable("CHROMEDRIVER", "/usr/bin/chromedriver", "chromium-driver");
    File browserFile = executable("CHROME_BIN", "/usr/bin/chromium", "chromium");
    profileDir = Files.createTempDirectory("okpay-chromium-");
    service = new ChromeDriverService.Builder()
        .usingDriverExecutable(driverFile)
        .usingAnyFreePort()
        .build();
    driver = new ChromeDriver(service, options(browserFile));
    driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD_MAX);
    wait = new WebDriverWait(driver, WAIT_MAX);
    pageWait = new WebDriverWait(driver, PAGE_LOAD_MAX);
  }

  @AfterAll
  void stopBrowser() throws IOException {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      if (service != null) {
        service.stop();
      }
      deleteRecursively(profileDir);
    }
  }

  /** Tests in one class share the browser, so no language choice leaks from one to the next. */
  @BeforeEach
  void forgetCookies() {
    driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
  }

  /**
   * The languages the browser asks for, as a person's browser would; English by default so that
   * tests do not depend on the machine's locale.
   */
  protected String acceptLanguages() {
    return "en-US,en";
  }

  protected String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** Navigates and returns once the page has loaded. */
  protected void open(String path) {
    driver.get(url(path));
  }

  protected String htmlLang() {
    return driver.findElement(By.tagName("html")).getDomAttribute("lang");
  }

  /** Saves the visible page as target/screenshots/{name}.png and returns its path. */
  /**
   * Clicks a submit button and waits until the browser shows the answer, a new page. Chromium
   * may report the old button as "not in the document" rather than stale while the page
   * changes; both mean it is gone.
   */
  protected void submitAndWaitForNewPage(org.openqa.selenium.WebElement button) {
    button.click();
    wait.until(d -> {
      try {
        button.isEnabled();
        return false;
      } catch (org.openqa.selenium.WebDriverException gone) {
        return true;
      }
    });
  }

  /**
   * Signs the browser in as the user with a session cookie made through the identity API: for
   * tests whose subject is a page behind the sign-in, not the sign-in form (which
   * {@link #signIn} fills).
   */
  protected void signInWithCookie(TestUsers.TestUser user) {
    open("/status"); // a cookie can be set only on a page of its host
    driver.manage().addCookie(new Cookie(IdentityApi.SESSION_COOKIE, users.webSession(user),
        "/"));
  }

  /**
   * Types a new password on the registration form and waits for the strength meter's verdict.
   * The verdict adds a line above the button; a click sent while it lands can hit the wrong
   * element and submit nothing.
   */
  protected void typeNewPassword(String password) {
    driver.findElement(org.openqa.selenium.By.id("password")).sendKeys(password);
    wait.until(org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(
        org.openqa.selenium.By.id("meter-text")));
  }

  /** Fills the sign-in form already on screen and waits for the answer page. */
  protected void signIn(String email, String password) {
    wait.until(d -> !d.findElements(org.openqa.selenium.By.id("login-form")).isEmpty());
    var emailField = driver.findElement(org.openqa.selenium.By.id("email"));
    emailField.clear();
    emailField.sendKeys(email);
    driver.findElement(org.openqa.selenium.By.id("password")).sendKeys(password);
    submitAndWaitForNewPage(driver.findElement(org.openqa.selenium.By.id("login-button")));
  }

  protected Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target,
          StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ChromeOptions options(File browserFile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browserFile);
    options.addArguments(List.of(
        "--headless=new",
        "--no-sandbox", // tests run as root in CI, where Chromium's sandbox cannot start
        "--disable-gpu",
        "--disable-dev-shm-usage", // /dev/shm is small in containers
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking", // no calls home: the test machine has no internet
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profileDir.toAbsolutePath(),
        "--window-size=1280,900",
        "--lang=" + acceptLanguages().split(",")[0]));
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", acceptLanguages()));
    return options;
  }

  private static File executable(String envName, String defaultPath, String debianPackage) {
    String configured = System.getenv(envName);
    File file = new File(configured == null || configured.isBlank() ? defaultPath : configured);
    if (!file.canExecute()) {
      throw new IllegalStateException(file + " is not an executable; install the Debian package "
          + debianPackage + " or point " + envName + " at the binary");
    }
    return file;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
