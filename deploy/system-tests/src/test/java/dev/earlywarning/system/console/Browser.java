package dev.earlywarning.system.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;

/**
 * Headless Debian Chromium driven by its chromedriver. Both come from Debian's packages; a machine
 * without them fails the tests with the command that installs them (never skips).
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));
    static final String INSTALL = "sudo apt-get install -y chromium chromium-driver";

    static final Dimension DESKTOP = new Dimension(1280, 800);
    static final Dimension PHONE = new Dimension(390, 844);

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Fails, with the command that installs them, when Chromium or ChromeDriver is missing. */
    static void require() {
        for (Path tool : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(tool)) {
                throw new AssertionError(tool + " is missing: the console's browser tests need Debian's Chromium and"
                        + " ChromeDriver. Install them with: " + INSTALL);
            }
        }
    }

    static Browser start() throws IOException {
        require();
        Path profile = Files.createTempDirectory("ew-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Without the background-networking flags Chromium keeps calling home, refused on a closed network.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--window-size=" + DESKTOP.getWidth() + "," + DESKTOP.getHeight());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return new Browser(driver, profile);
    }

    /** Waits for a condition; a page re-rendered under the condition is looked at again. */
    <T> T await(Duration timeout, String what, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, timeout).withMessage(what)
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            try {
                screenshot(Path.of("target/console-failures/" + System.currentTimeMillis() + ".png"));
                System.out.println("[browser] waited for " + what + " at " + driver.getCurrentUrl() + "; the page: "
                        + script("return document.getElementById('main').innerHTML.slice(0, 1500)")
                        + "\n[browser] requests completed: " + script("return performance.getEntriesByType('resource')"
                        + ".map(e => e.name.replace(location.origin, '') + ' ' + Math.round(e.duration) + 'ms').join(', ')"));
            } catch (Exception ignored) {
                // The timeout says what failed.
            }
            throw e;
        }
    }

    /** The text of the first element matching a selector, read in the page (never stale); null if none. */
    String text(String css) {
        return (String) script("const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null",
                css);
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** An asynchronous script: its last argument is the callback that ends it. */
    Object asyncScript(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    void size(Dimension size) {
        driver.manage().window().setSize(size);
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    /** axe-core's WCAG 2.1 A and AA rules on the page: the violations, serious and critical ones first. */
    List<Rule> accessibilityViolations() {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                .analyze(driver);
        return results.getViolations();
    }

    static boolean serious(Rule rule) {
        return "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact());
    }

    /** Timings of the page's load as the browser measured them (ms from navigation start). */
    @SuppressWarnings("unchecked")
    Map<String, Object> timings() {
        return (Map<String, Object>) script("""
                const paint = performance.getEntriesByName('first-contentful-paint')[0];
                const rendered = performance.getEntriesByName('ew-page-rendered')[0];
                const nav = performance.getEntriesByType('navigation')[0];
                return {fcp: paint ? paint.startTime : -1, rendered: rendered ? rendered.startTime : -1,
                        domContentLoaded: nav ? nav.domContentLoadedEventEnd : -1};""");
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
