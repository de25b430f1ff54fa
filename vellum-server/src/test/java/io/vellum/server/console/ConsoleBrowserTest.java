package io.vellum.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vellum.server.SignedHttpClient;
import io.vellum.server.TestServers;
import io.vellum.server.VellumServer;
import io.vellum.proof.hash.Sha256;
import io.vellum.testkit.vectors.QldbVectors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The web console in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}; the tests are
 * skipped when they are not installed, which {@code .ci/run} does) against a real server with signatures on: log in,
 * create a ledger, run statements with parameters, see a document's history, verify a revision in the browser (and
 * see tampered input fail), follow new blocks live, and check the in-browser Ion Hash and proof folding against the
 * shared QLDB vectors. Screenshots of each page go to {@code target/console-screenshots/}.
 *
 * <p>The steps share one server and one browser (starting Chromium costs about a second), in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    static final Path CHROMIUM = Path.of(System.getProperty("vellum.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("vellum.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    /** Generous: a condition normally holds within milliseconds; the machine may be busy. Not a timing assertion. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    static Path data;
    static VellumServer server;
    static ChromeDriver browser;
    static WebDriverWait wait;
    /** The document the steps create, and the block that inserted it. */
    static String documentId;
    static String insertBlock;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
        Files.createDirectories(SCREENSHOTS);
        server = TestServers.start(data);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--disable-extensions", "--no-first-run");
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, PATIENCE);
        // The page re-renders its values as the metrics refresh: an element found may be replaced before its text is
        // read (seen once in a full verify on a loaded machine); the wait then looks again.
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    /** The page's console messages (errors included) go to the test's output, for whoever reads a failure. */
    @AfterEach
    void printBrowserConsole() {
        if (browser != null) {
            browser.manage().logs().get(LogType.BROWSER).forEach(entry -> System.out.println("browser: " + entry));
        }
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void aWrongSecretIsRefusedAndTheRightOneLogsIn() throws IOException {
        browser.get(server.endpoint() + "/console/");
        type("access-key-id", server.accessKeyId());
        type("secret-access-key", "not-the-secret");
        click("login");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "Log in failed"));
        assertThat(text("login-error")).contains("signature");
        type("access-key-id", server.accessKeyId());
        type("secret-access-key", server.secretAccessKey());
        click("login");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
        assertThat(text("who")).isEqualTo(server.accessKeyId());
        assertThat(browser.findElement(By.id("secret-access-key")).getAttribute("value")).isEmpty();
        // Nothing was kept anywhere a later page or another script could read it.
        assertThat(script("return JSON.stringify(sessionStorage) + JSON.stringify(localStorage) + document.cookie"))
                .isEqualTo("{}{}");
    }

    @Test
    @Order(2)
    void createsAndDescribesALedger() throws IOException {
        type("new-ledger-name", "bank");
        browser.findElement(By.id("new-ledger-protection")).click(); // off, so the test may delete it
        click("create-ledger");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ledger-description"), "Ledger bank"));
        assertThat(text("ledger-description")).contains("arn:aws:qldb:us-east-1:000000000000:ledger/bank")
                .contains("Deletion protection\noff").contains("Last block\n0");
        assertThat(text("ledgers-table")).contains("bank").contains("ACTIVE");
        assertThat(browser.findElement(By.id("ledger-choice")).getAttribute("value")).isEqualTo("bank");
        screenshot("ledgers");
    }

    /**
     * UpdateLedger, TagResource and UntagResource on the control plane, signed in the browser; the view shows what the
     * server describes afterwards, and the server's registry agrees. Driven by the keyboard where a user may.
     */
    @Test
    @Order(11)
    void changesDeletionProtectionAndTagsOfALedger() throws IOException {
        showPage("ledgers");
        browser.findElement(By.cssSelector("#ledgers-table tr[data-ledger=bank] button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ledger-description"), "Ledger bank"));
        assertThat(text("deletion-protection-value")).isEqualTo("off");

        click("toggle-deletion-protection");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ledgers-message"), "turned on"));
        assertThat(text("deletion-protection-value")).isEqualTo("on");
        assertThat(text("toggle-deletion-protection")).isEqualTo("Turn deletion protection off");
        assertThat(server.ledgers().describe("bank").deletionProtection()).isTrue();
        browser.findElement(By.id("toggle-deletion-protection")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ledgers-message"), "turned off"));
        assertThat(text("deletion-protection-value")).isEqualTo("off");
        assertThat(server.ledgers().describe("bank").deletionProtection()).isFalse();

        type("new-tag-key", "team");
        type("new-tag-value", "audit");
        browser.findElement(By.id("new-tag-value")).sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ledgers-message"), "Tagged bank"));
        assertThat(text("ledger-tags")).contains("team=audit");
        assertThat(server.ledgers().describe("bank").tags()).containsEntry("team", "audit");
        screenshot("ledger-tags");
        // A change the server refuses shows its message and leaves the view as the server last described it.
        type("new-tag-key", "aws:reserved");
        click("add-tag");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ledgers-error"), "aws:"));
        assertThat(text("ledgers-error")).startsWith("Cannot change ledger bank: ").contains("reserved");
        assertThat(text("ledger-tags")).contains("team=audit").doesNotContain("aws:");
        assertThat(server.ledgers().describe("bank").tags()).containsOnlyKeys("team");

        WebElement remove = browser.findElement(By.cssSelector("#ledger-tags button[data-tag-key=team]"));
        assertThat(remove.getAttribute("aria-label")).isEqualTo("Remove tag team");
        remove.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ledgers-message"), "Removed tag team"));
        assertThat(text("ledger-description")).contains("Tags\n(none)");
        assertThat(server.ledgers().describe("bank").tags()).doesNotContainKey("team");
        assertThat(text("ledgers-error")).isEmpty();
    }

    @Test
    @Order(3)
    void runsStatementsWithParametersAndShowsTableAndIon() throws IOException {
        showPage("query");
        run("CREATE TABLE Accounts", "");
        run("INSERT INTO Accounts ?", "[{\"id\": \"A-1\", \"owner\": \"Ada\", \"balance\": 100.50}]");
        documentId = browser.findElement(By.cssSelector("#results-table tbody td")).getText();
        assertThat(documentId).matches("[0-9A-Za-z]{22}");
        insertBlock = text("query-status").replaceAll(".*committed in block (\\d+).*", "$1");
        run("UPDATE Accounts SET balance = ?, owner = ? WHERE id = ?", "[250.75, \"Ada L.\", \"A-1\"]");
        run("SELECT id, owner, balance FROM Accounts WHERE id = ?", "[\"A-1\"]");
        assertThat(text("query-status")).contains("1 value(s)").contains("read only, no block");
        assertThat(text("results-table")).contains("id owner balance").contains("A-1 Ada L. 250.75");
        screenshot("query-table");
        browser.findElement(By.id("view-ion")).click();
        assertThat(text("results-ion")).isEqualTo("{\n  id: \"A-1\",\n  owner: \"Ada L.\",\n  balance: 250.75\n}");
        screenshot("query-ion");
        browser.findElement(By.id("view-table")).click();
        run("SELECT * FROM NoSuchTable", "");
        assertThat(text("query-error")).containsIgnoringCase("NoSuchTable");
        run("SELECT id\nFROM Accounts WHERE id = = 'A-1'", "");
        assertThat(text("query-error")).contains("line 2, column");
        Object selected = script("const s = document.getElementById('statement'); return [document.activeElement.id,"
                + " s.value.substring(0, s.selectionStart).split('\\n').length]");
        assertThat(selected).isEqualTo(List.of("statement", 2L));
        assertThat(browser.findElements(By.cssSelector("#statement-history li"))).hasSize(6);
    }

    @Test
    @Order(4)
    void showsADocumentsHistoryWithTheDifferences() throws IOException {
        showPage("history");
        type("history-table", "Accounts");
        type("history-document", documentId);
        click("load-history");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#revisions > li"), 2));
        String newest = browser.findElement(By.cssSelector("#revisions > li[data-version='1']")).getText();
        assertThat(newest).contains("owner: \"Ada\" → \"Ada L.\"").contains("balance: 100.50 → 250.75");
        screenshot("history");
        assertReadableOnAPhone("history-phone");
    }

    /** Readable on a phone: at 390 CSS pixels wide nothing sticks out sideways (screenshot name). */
    static void assertReadableOnAPhone(String name) throws IOException {
        browser.manage().window().setSize(new Dimension(390, 844));
        wait.until(driver -> ((Number) script("return window.innerWidth")).intValue() <= 390);
        screenshot(name);
        Object sticking = script("const width = document.documentElement.clientWidth;"
                + " return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width"
                + " + 0.5).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + e.getBoundingClientRect().right);");
        assertThat((List<?>) sticking).as("elements wider than the phone's %s px", script("return innerWidth")).isEmpty();
        assertThat(script("return document.documentElement.scrollWidth - document.documentElement.clientWidth"))
                .as("how far the page scrolls sideways").isEqualTo(0L);
        browser.manage().window().setSize(new Dimension(1280, 1000));
    }

    @Test
    @Order(5)
    void verifiesARevisionInTheBrowserAndTamperingTurnsThePictureRed() throws IOException {
        browser.findElement(By.cssSelector("#revisions > li[data-version='0'] button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("page-verify")));
        assertThat(browser.findElement(By.id("verify-document")).getAttribute("value")).isEqualTo(documentId);
        assertThat(browser.findElement(By.id("verify-block")).getAttribute("value")).isEqualTo(insertBlock);
        click("take-digest");
        wait.until(driver -> !value("digest-input").isEmpty());
        assertThat(browser.findElement(By.id("download-digest")).isDisplayed()).isTrue();
        click("fetch-revision");
        wait.until(driver -> value("revision-input").contains("IonText"));
        verifyAndWait("verified");
        assertThat(states()).startsWith("computed", "computed", "ok").endsWith("ok").doesNotContain("fail");
        screenshot("verify");

        String genuine = value("revision-input");
        assertThat(genuine).contains("balance:100.50");
        setValue("revision-input", genuine.replace("balance:100.50", "balance:1000.50"));
        verifyAndWait("failed");
        assertThat(text("verify-result")).startsWith("NOT VERIFIED: the revision hash does not match");
        List<String> states = states();
        assertThat(states.get(2)).isEqualTo("fail");
        assertThat(states.subList(3, states.size())).containsOnly("after-failure");
        screenshot("verify-tampered");

        setValue("revision-input", genuine);
        String digest = value("digest-input");
        String trusted = digest.replaceAll("(?s).*\"digest\": \"([^\"]+)\".*", "$1");
        setValue("digest-input", digest.replace(trusted, "A".repeat(43) + "="));
        verifyAndWait("failed");
        assertThat(text("verify-result")).startsWith("NOT VERIFIED: the digest does not match");
        assertThat(states()).endsWith("fail").doesNotContain("after-failure");
        setValue("digest-input", digest);
    }

    @Test
    @Order(6)
    void aNewBlockAppearsInTheLiveTail() throws IOException {
        showPage("blocks");
        click("tail-start");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#blocks-table tr[data-block='3']")));
        commitElsewhere("UPDATE Accounts SET balance = 1.00 WHERE id = 'A-1'");
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#blocks-table tr[data-block='4']")));
        assertThat(row.getText()).contains("UPDATE Accounts SET balance = 1.00 WHERE id = 'A-1'");
        screenshot("blocks");
        click("tail-stop");
    }

    @Test
    @Order(7)
    void healthChartsFollowTheMetrics() throws IOException {
        showPage("health");
        wait.until(driver -> value(By.cssSelector("#health-tip .value")).equals("4"));
        commitElsewhere("UPDATE Accounts SET balance = 2.00 WHERE id = 'A-1'");
        wait.until(driver -> value(By.cssSelector("#health-tip .value")).equals("5"));
        wait.until(driver -> !value(By.cssSelector("#health-commits .value")).equals("–"));
        assertThat(value(By.cssSelector("#health-journal .value")).replace(",", "")).matches("[1-9][0-9]*");
        assertThat(text("health-error")).isEmpty();
        screenshot("health");
    }

    @Test
    @Order(8)
    void verifiesQldbsRealRevisionAgainstQldbsDigestInTheBrowser() throws IOException {
        Path vectors = vectors();
        showPage("verify");
        setValue("digest-input", Files.readString(vectors.resolve("aws-cli-qldb-examples/qldb-get-digest.json")));
        setValue("revision-input", Files.readString(vectors.resolve("aws-cli-qldb-examples/qldb-get-revision.json")));
        verifyAndWait("verified");
        List<String> states = states();
        assertThat(states).hasSize(3 + 10 + 1); // data, metadata, revision hash, 10 proof hashes, digest
        assertThat(states.get(2)).isEqualTo("ok");
        assertThat(states.get(states.size() - 1)).isEqualTo("ok");
        assertThat(browser.findElement(By.cssSelector("#proof-picture > li:nth-child(3) .hash")).getText())
                .isEqualTo("mHVex/yjHAWjFPpwhBuH2GKXmKJjK2FBa9faqoUVNtg=");
        screenshot("verify-qldb");

        String revision = value("revision-input");
        setValue("revision-input", revision.replace("Amount:90.25", "Amount:90.2.5")); // not Ion any more
        click("verify");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("verify-error"), "Cannot read"));
        assertThat(text("verify-error")).matches("Cannot read the Ion text: unexpected character \"\\.\" at line 1,"
                + " column \\d+");
        assertThat(browser.findElements(By.cssSelector("#proof-picture > li"))).isEmpty();
    }

    @Test
    @Order(9)
    void theInBrowserIonHashMatchesTheGoldenVectors() throws IOException {
        Path vectors = vectors();
        String hashing = Files.readString(vectors.resolve("hashing/dot-ionhash-statementdigest-vectors.json"));
        Object answer = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const vectors = JSON.parse(arguments[0]);
                (async () => {
                  const text = await import('/console/ion-text.js');
                  const hash = await import('/console/ion-hash.js');
                  const hex = bytes => Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
                  const fromHex = h => Uint8Array.from(h.match(/../g), x => parseInt(x, 16));
                  const results = [];
                  for (const d of vectors.dot) {
                    results.push(['dot', hex(await hash.dot(fromHex(d.h1), fromHex(d.h2))), d.dot_h1_h2]);
                    results.push(['dot reversed', hex(await hash.dot(fromHex(d.h2), fromHex(d.h1))), d.dot_h1_h2]);
                  }
                  for (const v of vectors.ionHashSha256OfString) {
                    results.push([v.ionText, hex(await hash.ionHash(text.parse(v.ionText))), v.sha256IonHashHex]);
                  }
                  for (const group of vectors.statementDigestOfParameterlessStatements) {
                    for (const item of group.items) {
                      const digest = await hash.ionHash(text.value('string', item.statement));
                      results.push([item.statement, text.toBase64(digest), item.statementDigestBase64]);
                    }
                  }
                  return results;
                })().then(done, e => done('ERROR ' + e.stack));
                """, hashing);
        assertThat(answer).isInstanceOf(List.class);
        List<?> results = (List<?>) answer;
        assertThat(results).hasSize(2 + 1 + 3);
        for (Object result : results) {
            List<?> row = (List<?>) result;
            assertThat(row.get(1)).as(String.valueOf(row.get(0))).isEqualTo(row.get(2));
        }
    }

    /**
     * The official Ion Hash conformance suite (amzn/ion-hash-test), parsed by the console's own Ion text reader in
     * the browser: every case with an Ion text source and an identity expectation must serialize exactly to the
     * expected bytes (the identity hash makes the serialization itself the digest). The 9 cases given only as Ion
     * binary are left out: the console reads Ion text.
     */
    @Test
    @Order(10)
    void theInBrowserIonHashPassesTheIonHashConformanceSuite() throws IOException {
        String suite = Files.readString(vectors().resolve("ion-hash-test/ion_hash_tests.ion"));
        Object answer = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const text = await import('/console/ion-text.js');
                  const hash = await import('/console/ion-hash.js');
                  const hex = bytes => Array.from(bytes, b => b.toString(16).padStart(2, '0')).join(' ');
                  const identity = async bytes => bytes;
                  let passed = 0;
                  const failed = [];
                  const skipped = [];
                  for (const test of text.parseAll(arguments[0])) {
                    const source = text.field(test, 'ion');
                    const identityExpectation = text.field(text.field(test, 'expect'), 'identity');
                    const name = test.annotations[0] || JSON.stringify(source && source.type);
                    if (!source || !identityExpectation) {
                      skipped.push(name); // given as Ion binary ('10n'), which the console never reads
                      continue;
                    }
                    const last = identityExpectation.value[identityExpectation.value.length - 1];
                    const expected = hex(last.value.map(b => Number(b.value)));
                    let actual;
                    try {
                      actual = hex(await hash.serialize(source, identity));
                    } catch (e) {
                      actual = 'ERROR ' + e.message;
                    }
                    if (actual === expected) {
                      passed++;
                    } else {
                      failed.push(name + ': expected ' + expected + ', got ' + actual);
                    }
                  }
                  return { passed, failed, skipped };
                })().then(done, e => done({ passed: 0, failed: ['ERROR ' + e.stack] }));
                """, suite);
        Map<?, ?> result = (Map<?, ?>) answer;
        assertThat((List<?>) result.get("failed")).isEmpty();
        assertThat(((Number) result.get("passed")).intValue()).isEqualTo(158);
        assertThat((List<?>) result.get("skipped")).hasSize(9);
    }

    @Test
    @Order(13)
    void runsSeveralStatementsInOneTransactionAndCommitsOrAborts() throws IOException {
        showPage("query");
        click("tx-start");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tx-status"), "is open"));
        String transactionId = text("tx-status").replaceAll("Transaction (\\S+) is open.*", "$1");
        run("INSERT INTO Accounts ?", "[{\"id\": \"A-2\", \"owner\": \"Bo\", \"balance\": 10.25}]");
        assertThat(text("query-status")).contains("statement 1 of open transaction " + transactionId);
        // The transaction reads its own write; the answer is Ion binary, read by the console's reader.
        run("SELECT id, balance FROM Accounts WHERE id = ?", "[\"A-2\"]");
        assertThat(text("query-status")).startsWith("1 value(s)").contains("statement 2 of open transaction");
        assertThat(text("results-table")).contains("id balance").contains("A-2 10.25");
        assertThat(text("tx-status")).contains("(2 statement(s))");
        screenshot("query-transaction");
        click("tx-commit");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tx-status"), "Committed transaction "
                + transactionId + " (2 statement(s))"));
        assertThat(text("query-error")).isEmpty();
        run("SELECT balance FROM Accounts WHERE id = 'A-2'", "");
        assertThat(text("query-status")).contains("1 value(s)").contains("read only");

        click("tx-start");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tx-status"), "is open"));
        run("UPDATE Accounts SET balance = 99 WHERE id = 'A-2'", "");
        click("tx-abort");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tx-status"), "Aborted transaction"));
        run("SELECT balance FROM Accounts WHERE id = 'A-2'", "");
        assertThat(text("results-table")).contains("10.25");

        click("tx-start");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tx-status"), "is open"));
        run("INSERT INTO NoSuchTable ?", "[{\"id\": 1}]");
        assertThat(text("query-error")).containsIgnoringCase("NoSuchTable").contains("was aborted");
        assertThat(text("tx-status")).endsWith("was aborted: nothing of it was written.");
        assertThat(browser.findElement(By.id("tx-start")).isEnabled()).isTrue();
        assertThat(browser.findElement(By.id("tx-commit")).isEnabled()).isFalse();
    }

    @Test
    @Order(14)
    void exploresABlockFromTheLiveTailAndVerifiesItInTheBrowser() throws IOException {
        showPage("blocks");
        click("block-take-digest");
        wait.until(driver -> value("block-digest-input").contains("\"sequenceNo\" : 6")
                || value("block-digest-input").contains("\"sequenceNo\": 6"));
        click("tail-start");
        WebElement open = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#blocks-table tr[data-block='6'] button")));
        open.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("block-details"), "Block 6"));
        click("tail-stop");
        assertThat(text("block-statements")).contains("INSERT INTO Accounts ?")
                .contains("SELECT id, balance FROM Accounts WHERE id = ?");
        assertThat(text("block-revisions")).contains("Accounts").contains("version 0").contains("id: \"A-2\"");
        assertThat(text("block-chain")).startsWith("block 5 states the hash").endsWith("✓ (the server says so; verify"
                + " each block to check it)");

        click("verify-block-button");
        wait.until(driver -> "verified".equals(browser.findElement(By.id("block-verify-result")).getAttribute("class")));
        List<String> states = blockStates();
        assertThat(states).startsWith("ok", "ok", "ok", "ok", "ok").endsWith("ok").doesNotContain("fail");
        screenshot("block-explorer");

        String genuine = value("block-input");
        assertThat(genuine).contains("INSERT INTO Accounts ?");
        setValue("block-input", genuine.replace("INSERT INTO Accounts ?", "INSERT INTO Accounts ? "));
        click("verify-block-button");
        wait.until(driver -> "failed".equals(browser.findElement(By.id("block-verify-result")).getAttribute("class")));
        assertThat(text("block-verify-result"))
                .startsWith("NOT VERIFIED: the transaction info is not in the block's entriesHashList");
        states = blockStates();
        assertThat(states.subList(0, 2)).containsOnly("ok"); // the revision and the revisions root still hold
        assertThat(states.get(2)).isEqualTo("fail");
        assertThat(states.subList(3, states.size())).containsOnly("after-failure");
        screenshot("block-tampered");
        assertReadableOnAPhone("block-phone");

        click("previous-block");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("block-details"), "Block 5"));
        assertThat(text("block-statements")).contains("UPDATE Accounts SET balance = 2.00 WHERE id = 'A-1'");
    }

    /**
     * The console's Ion binary reader (for the Session API's answers) against ion-java: values of every type written
     * as Ion binary by ion-java must read to values with the same Ion Hash as their Ion text read by ion-text.js.
     */
    @Test
    @Order(15)
    void theIonBinaryReaderReadsWhatIonJavaWrites() throws IOException {
        String text = "{a: 1, b: -12345678901234567890, c: 100.50, d: -0.0, e: 1.5e0, f: 2026-12-06T05:04:03.120+01:30,"
                + " g: 2026-12-06T, h: 2026T, i: \"é ✓\", j: sym, k: {{aGVsbG8=}}, l: {{\"clob\"}}, m: [1, (2 3)],"
                + " n: null.int, o: true, p: annotated::'quoted sym', q: {nested: {deeper: [null, 7d-3]}}, r: 1d2}";
        com.amazon.ion.IonSystem ion = com.amazon.ion.system.IonSystemBuilder.standard().build();
        var bytes = new java.io.ByteArrayOutputStream();
        try (var writer = ion.newBinaryWriter(bytes)) {
            ion.singleValue(text).writeTo(writer);
        }
        String binary = java.util.Base64.getEncoder().encodeToString(bytes.toByteArray());
        Object answer = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const text = await import('/console/ion-text.js');
                  const hash = await import('/console/ion-hash.js');
                  const binary = await import('/console/ion-binary.js');
                  const values = binary.readBinary(arguments[1]);
                  return [values.length, text.toBase64(await hash.ionHash(values[0])),
                    text.toBase64(await hash.ionHash(text.parse(arguments[0])))];
                })().then(done, e => done(['ERROR ' + e.stack]));
                """, text, binary);
        List<?> result = (List<?>) answer;
        assertThat(result.get(0)).isEqualTo(1L);
        assertThat(result.get(1)).isEqualTo(result.get(2));
    }

    /**
     * The editor's PartiQL highlighting: keywords, strings, numbers, parameters, Ion literals and comments drawn in
     * the overlay under the textarea, whose text is exactly the statement's (so the caret lines up), without any
     * Content-Security-Policy violation.
     */
    /** The console's Merkle root (block verification) equals vellum-proof's for every size from 1 to 9 leaves. */
    @Test
    @Order(17)
    void theInBrowserMerkleRootMatchesVellumProofs() {
        List<io.vellum.proof.hash.Hash> leaves = java.util.stream.IntStream.range(0, 9)
                .mapToObj(i -> io.vellum.proof.hash.Hash.sha256(new byte[] {(byte) i})).toList();
        List<String> expected = java.util.stream.IntStream.rangeClosed(1, 9)
                .mapToObj(n -> io.vellum.proof.merkle.MerkleTree.root(leaves.subList(0, n)).toBase64()).toList();
        Object answer = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const text = await import('/console/ion-text.js');
                  const blocks = await import('/console/block-verifier.js');
                  const leaves = arguments[0].map(text.fromBase64);
                  const roots = [];
                  for (let n = 1; n <= leaves.length; n++) {
                    roots.push(text.toBase64(await blocks.merkleRoot(leaves.slice(0, n))));
                  }
                  return roots;
                })().then(done, e => done(['ERROR ' + e.stack]));
                """, leaves.stream().map(io.vellum.proof.hash.Hash::toBase64).toList());
        assertThat(answer).isEqualTo(expected);
    }

    @Test
    @Order(16)
    void theEditorHighlightsPartiql() throws IOException {
        showPage("query");
        type("statement", "SELECT a.id, 12.5 AS n -- note\nFROM Accounts AS a WHERE a.id = ? AND a.tag = `{x: 1}`"
                + " OR a.owner = 'it''s'");
        Object tokens = script("return ['keyword', 'string', 'number', 'parameter', 'ion', 'comment'].map(kind =>"
                + " kind + ': ' + [...document.querySelectorAll('#statement-highlight .token-' + kind)]"
                + ".map(span => span.textContent).join(' | '))");
        assertThat(tokens).isEqualTo(List.of("keyword: SELECT | AS | FROM | AS | WHERE | AND | OR",
                "string: 'it''s'", "number: 12.5", "parameter: ?", "ion: `{x: 1}`", "comment: -- note"));
        assertThat(script("return document.getElementById('statement-highlight').textContent"))
                .isEqualTo(value("statement"));
        assertThat(script("return getComputedStyle(document.getElementById('statement')).color"))
                .isEqualTo("rgba(0, 0, 0, 0)");
        screenshot("query-highlighting");
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
                .noneMatch(entry -> entry.getMessage().contains("Content Security Policy"));
    }

    @Test
    @Order(30)
    void logoutForgetsTheKeyAndTheData() {
        click("logout");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("page-login")));
        assertThat(browser.findElement(By.id("nav")).isDisplayed()).isFalse();
        assertThat(browser.findElements(By.cssSelector("#ledger-choice option"))).isEmpty();
        assertThat(value("revision-input")).isEmpty();
        assertThat(value("block-input")).isEmpty();
        assertThat(text("tx-status")).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#results-table"))).isEmpty();
    }

    /**
     * The browser's SigV4 signature is byte for byte the AWS SDK's for the same request and instant, including a
     * path and query that need percent-encoding (double-encoded path, decoded/re-encoded/sorted query).
     */
    @Test
    @Order(12)
    void theBrowserSignsExactlyAsTheAwsSdkDoes() {
        String host = server.endpoint().getAuthority();
        String pathAndQuery = "/v1/ledgers/a%20b/documents/T/%C3%A9t%C3%A9/history?tip=3&blockSequenceNo=2&q=a%2Bb~";
        Instant at = Instant.parse("2026-12-06T05:04:03Z");
        String body = "{\"statement\": \"SELECT * FROM T\"}";
        Object browserAuthorization = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const sigv4 = await import('/console/sigv4.js');
                  const credentials = await sigv4.createCredentials(arguments[0], arguments[1]);
                  const headers = await sigv4.signedHeaders(credentials, 'POST', new URL(arguments[2]),
                    new TextEncoder().encode(arguments[3]), new Date(arguments[4]));
                  return headers.Authorization;
                })().then(done, e => done('ERROR ' + e.stack));
                """, "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "http://" + host + pathAndQuery, body,
                at.toString());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create("http://" + host + pathAndQuery))
                .putHeader("x-amz-content-sha256", HexFormat.of().formatHex(Sha256.digest(bytes))).build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"))
                .request(unsigned)
                .payload(() -> new ByteArrayInputStream(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "qldb")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC))).request();
        assertThat(browserAuthorization).isEqualTo(signed.firstMatchingHeader("Authorization").orElseThrow());
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /** Commits a statement to ledger bank through the API, as another client would. */
    static void commitElsewhere(String statement) {
        byte[] body = ("{\"statement\": \"" + statement + "\"}").getBytes(StandardCharsets.UTF_8);
        var answer = SignedHttpClient.of(server).send("POST", "/v1/ledgers/bank/statements",
                Map.of("Content-Type", "application/json"), body, server.secretAccessKey(), Clock.systemUTC());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    static String value(By locator) {
        return browser.findElement(locator).getText();
    }

    /** The shared QLDB vectors (the test kit's locator: skips without them, fails when they are required). */
    static Path vectors() {
        return QldbVectors.pathOrSkip("ion-hash-test").getParent();
    }

    void run(String statement, String parameters) {
        String before = text("query-status") + "|" + text("query-error");
        setValue("statement", statement);
        setValue("parameters", parameters);
        click("run");
        wait.until(driver -> !(text("query-status") + "|" + text("query-error")).equals(before)
                && browser.findElement(By.id("run")).isEnabled());
        if (!statement.contains("NoSuchTable") && !statement.contains("= =")) {
            assertThat(text("query-error")).as(statement).isEmpty();
        }
    }

    void verifyAndWait(String outcome) {
        script("document.getElementById('verify-result').className = ''");
        click("verify");
        wait.until(driver -> outcome.equals(browser.findElement(By.id("verify-result")).getAttribute("class")));
    }

    List<String> blockStates() {
        return browser.findElements(By.cssSelector("#block-proof-picture > li")).stream()
                .map(item -> item.getAttribute("data-state")).toList();
    }

    List<String> states() {
        return browser.findElements(By.cssSelector("#proof-picture > li")).stream()
                .map(item -> item.getAttribute("data-state")).toList();
    }

    /**
     * Opens a page from the navigation and waits until it shows: the page switches on the hashchange event, which
     * the browser may deliver after the click returns.
     */
    static void showPage(String page) {
        browser.findElement(By.cssSelector("#nav a[data-page=" + page + "]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("page-" + page)));
    }

    static void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** Sets a field's whole value at once (typing kilobytes of JSON key by key is slow). */
    static void setValue(String id, String text) {
        script("document.getElementById(arguments[0]).value = arguments[1]", id, text);
    }

    static void click(String id) {
        browser.findElement(By.id(id)).click();
    }

    static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    static String value(String id) {
        return browser.findElement(By.id(id)).getAttribute("value");
    }

    static Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    static void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
