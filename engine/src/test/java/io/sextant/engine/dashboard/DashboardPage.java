package io.sextant.engine.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What a user sees and does on the dashboard, in the words of the page (page object). */
final class DashboardPage {

    private final WebDriver driver;
    private final String base;

    DashboardPage(WebDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    /** The engine's address, {@code http://127.0.0.1:port}. */
    String base() {
        return base;
    }

    WebDriver driver() {
        return driver;
    }

    void open(String hash) {
        driver.get(base + "/" + hash);
    }

    /** Waits (re-reading the page, which re-renders live) until {@code condition} gives a non-null, non-false value. */
    <T> T await(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(60))
                .withMessage(() -> what)
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    // Read in one script, so a live re-render of the table between two WebDriver calls cannot interfere.
    @SuppressWarnings("unchecked")
    List<String> rowNames() {
        return (List<String>) script("return [...document.querySelectorAll('#resource-rows tr[data-key] td.name a')]"
                + ".map(a => a.textContent)");
    }

    /** The status a badge in a resource's row shows (sync, health, operation), or null without the row. */
    String status(String key, String column) {
        return (String) script("const b = document.querySelector(`#resource-rows tr[data-key='${arguments[0]}'] td.`"
                + " + arguments[1] + ' .badge'); return b ? b.dataset.status : null;", key, column);
    }

    /** The visible text of one cell (name, commit-cell, ...) of a resource's row, or null without the row. */
    String cell(String key, String cell) {
        return (String) script("const c = document.querySelector(`#resource-rows tr[data-key='${arguments[0]}'] td.`"
                + " + arguments[1]); return c ? c.innerText.trim() : null;", key, cell);
    }

    /** The visible text of the first element matching {@code css}, or "" when there is none. */
    String text(String css) {
        return (String) script("const e = document.querySelector(arguments[0]); return e ? e.innerText : '';", css);
    }

    /** The visible text of every element matching {@code css}, read in one script (see {@link #rowNames}). */
    @SuppressWarnings("unchecked")
    List<String> texts(String css) {
        return (List<String>) script("return [...document.querySelectorAll(arguments[0])].map(e => e.innerText)", css);
    }

    /** How many elements match {@code css}. */
    int count(String css) {
        return ((Number) script("return document.querySelectorAll(arguments[0]).length", css)).intValue();
    }

    /** One attribute of every element matching {@code css}, in document order. */
    @SuppressWarnings("unchecked")
    List<String> attributes(String css, String attribute) {
        return (List<String>) script("return [...document.querySelectorAll(arguments[0])].map(e => e.getAttribute(arguments[1]))",
                css, attribute);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Clicks what {@code css} finds, finding it again when a live re-render replaced it in between. */
    void click(String css) {
        await("a click on " + css, d -> {
            one(css).click();
            return true;
        });
    }

    WebElement one(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    void select(String id, String visibleText) {
        new Select(one("#" + id)).selectByVisibleText(visibleText);
    }

    void type(String id, String text) {
        WebElement input = one("#" + id);
        // Keystrokes, not clear(): the page filters on "input" events, as it does for a user.
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(text);
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Runs a script that calls its last argument with the result. */
    Object asyncScript(String js) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js);
    }

    /** Saves what the browser shows to {@code target/<name>.png}, for a person to look at. */
    void screenshot(String name) throws IOException {
        Files.write(Path.of("target", name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    String hash() {
        return (String) script("return location.hash");
    }
}
