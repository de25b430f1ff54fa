package io.vellum.client;

import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.client.internal.ControlPlane;
import io.vellum.client.internal.NativeProofReads;
import io.vellum.client.internal.Credentials;
import io.vellum.client.internal.HttpTransport;
import io.vellum.client.internal.JdkHttpTransport;
import io.vellum.client.internal.SessionCommands;
import io.vellum.client.internal.SessionTransport;
import io.vellum.client.internal.SigV4Signer;
import io.vellum.client.internal.SignedHttp;
import io.vellum.client.internal.SocketHttpTransport;
import io.vellum.client.internal.TransactionRunner;
import io.vellum.error.RetryPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Configures a {@link VellumClient}. Required: {@link #endpoint}, {@link #ledger}, {@link #credentials}. Not
 * thread-safe; the client it builds is.
 */
public final class VellumClientBuilder {
    /** The SigV4 service name of both QLDB APIs (not {@code session.qldb}: COMPATIBILITY.md §8.1). */
    static final String SIGNING_SERVICE = "qldb";
    /**
     * The official QLDB Java driver's retries: 5 executions (4 retries), before retry {@code n} a pause of
     * {@code d/2 + random[0, d/2)} with {@code d = min(10 ms * 2^n, 5 s)}.
     */
    public static final RetryPolicy DEFAULT_RETRY_POLICY =
            RetryPolicy.of(5, Duration.ofMillis(10), Duration.ofMillis(5000));
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** QLDB's ledger name rule (service model): 1-32 of {@code A-Za-z0-9-}, not all digits, no leading, trailing or double dash. */
    private static final Pattern LEDGER_NAME =
            Pattern.compile("(?!^.*--)(?!^[0-9]+$)(?!^-)(?!.*-$)^[A-Za-z0-9-]{1,32}$");
    private static final Map<String, String> SESSION_HEADERS = Map.of(
            "Content-Type", "application/x-amz-json-1.0",
            "X-Amz-Target", "QLDBSession.SendCommand");
    private static final Map<String, String> BATCH_HEADERS = Map.of("Content-Type", "application/json");

    private URI endpoint;
    private String ledger;
    private Credentials credentials;
    private String region = "us-east-1";
    private int maxConcurrentTransactions = 50;
    private RetryPolicy retryPolicy = DEFAULT_RETRY_POLICY;
    private HttpClient httpClient;
    private IonSystem ionSystem;
    private Clock clock = Clock.systemUTC();
    private Duration requestTimeout = Duration.ofSeconds(60);
    private boolean batchStatements = true;

    VellumClientBuilder() {
    }

    /**
     * The server's base URI, e.g. {@code http://localhost:8080}: the Session API is {@code POST} to it, the control
     * plane below it ({@code ledgers/{name}/…}). A path prefix (behind a proxy) is kept.
     */
    public VellumClientBuilder endpoint(URI endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (!endpoint.isAbsolute() || endpoint.getHost() == null
                || !("http".equalsIgnoreCase(endpoint.getScheme()) || "https".equalsIgnoreCase(endpoint.getScheme()))) {
            throw new IllegalArgumentException("endpoint must be an absolute http(s) URI with a host: " + endpoint);
        }
        if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
            throw new IllegalArgumentException("endpoint must have no query or fragment: " + endpoint);
        }
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        this.endpoint = path.endsWith("/") ? endpoint : URI.create(endpoint + "/");
        return this;
    }

    /** The ledger every transaction runs on (QLDB naming rules). */
    public VellumClientBuilder ledger(String ledger) {
        Objects.requireNonNull(ledger, "ledger");
        if (!LEDGER_NAME.matcher(ledger).matches()) {
            throw new IllegalArgumentException("not a ledger name (1-32 of A-Za-z0-9-, not all digits, no leading, "
                    + "trailing or double '-'): '" + ledger + "'");
        }
        this.ledger = ledger;
        return this;
    }

    /** The access key pair the server holds; every request is signed with it (SigV4). */
    public VellumClientBuilder credentials(String accessKeyId, String secretAccessKey) {
        this.credentials = new Credentials(accessKeyId, secretAccessKey);
        return this;
    }

    /** The region in the SigV4 credential scope; {@code us-east-1} by default. Must match the server's. */
    public VellumClientBuilder region(String region) {
        this.region = Objects.requireNonNull(region, "region");
        return this;
    }

    /** How many transactions may run at once (each on its own session); 50 by default, as the official driver. */
    public VellumClientBuilder maxConcurrentTransactions(int maxConcurrentTransactions) {
        if (maxConcurrentTransactions < 1) {
            throw new IllegalArgumentException("maxConcurrentTransactions must be >= 1, got " + maxConcurrentTransactions);
        }
        this.maxConcurrentTransactions = maxConcurrentTransactions;
        return this;
    }

    /** The default retry policy of {@link VellumClient#execute}; {@link #DEFAULT_RETRY_POLICY} by default. */
    public VellumClientBuilder retryPolicy(RetryPolicy retryPolicy) {
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        return this;
    }

    /**
     * A {@link HttpClient} to send with instead of the built-in transport (e.g. one configured for a proxy or a
     * private certificate authority). By default the client keeps its own pool of blocking HTTP/1.1 connections
     * (TLS with the JDK's default trust store for https endpoints, 10-second connect timeout), which costs about half
     * the CPU per request; a client given here is not closed by {@link VellumClient#close()}.
     */
    public VellumClientBuilder httpClient(HttpClient httpClient) {
        this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
        return this;
    }

    /** The Ion system result values are created with; a new standard one by default. */
    public VellumClientBuilder ionSystem(IonSystem ionSystem) {
        this.ionSystem = Objects.requireNonNull(ionSystem, "ionSystem");
        return this;
    }

    /** The clock request signatures are dated with; the system UTC clock by default. */
    public VellumClientBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** How long one HTTP request may take before it counts as a network failure; 60 seconds by default. */
    public VellumClientBuilder requestTimeout(Duration requestTimeout) {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
        }
        this.requestTimeout = requestTimeout;
        return this;
    }

    /**
     * Whether transactions send their statements in batches to Vellum's batch endpoint ({@code POST
     * /v1/ledgers/{name}/batches}) instead of one Session API request each; on by default. With batching, a
     * transaction starts with its first request, a statement is sent when its result is first used, together with
     * every statement executed before it, and the statements whose results are never used go with the commit: a
     * transfer that reads two balances and writes three documents takes 2 or 3 requests instead of 7. Statements,
     * parameters, the commit digest (and its check), OCC retries and sessions are unchanged, and so is what the
     * function sees of a failing statement: when a batch fails as a statement would (the server refused one of its
     * statements; nothing of the transaction is written), the function's run is discarded when it ends, whatever it
     * did with the failure (which it met at a read or at the commit), and the function runs once more unbatched, where
     * the failure surfaces at the {@code execute} it belongs to, exactly as with {@code batchStatements(false)}. That
     * run is not a retry (no pause, not counted by the retry policy), so a function whose statement fails runs once
     * more than unbatched. When the server answers the first batch that it has no batch endpoint (an Amazon QLDB
     * endpoint, an older Vellum: HTTP 404, 405, 501 or {@code UnknownOperationException}), the client sends
     * every statement as its own Session API request from then on, that transaction included. {@code false} sends
     * only Session API requests, exactly as the official QLDB driver does.
     */
    public VellumClientBuilder batchStatements(boolean batchStatements) {
        this.batchStatements = batchStatements;
        return this;
    }

    /**
     * Builds the client. No request is sent yet: sessions start with the first transaction.
     *
     * @throws IllegalStateException when a required setting is missing
     */
    public VellumClient build() {
        if (endpoint == null || ledger == null || credentials == null) {
            throw new IllegalStateException("endpoint, ledger and credentials are required; missing:"
                    + (endpoint == null ? " endpoint" : "") + (ledger == null ? " ledger" : "")
                    + (credentials == null ? " credentials" : ""));
        }
        IonSystem ion = ionSystem != null ? ionSystem : IonSystemBuilder.standard().build();
        HttpTransport transport = httpClient != null ? new JdkHttpTransport(httpClient, requestTimeout)
                : new SocketHttpTransport(CONNECT_TIMEOUT, requestTimeout);
        SignedHttp http = new SignedHttp(transport, new SigV4Signer(credentials, region, SIGNING_SERVICE), clock);
        URI sessionUri = endpoint;
        SessionTransport session = body -> http.send("POST", sessionUri, SESSION_HEADERS, body);
        URI batchUri = endpoint.resolve("v1/ledgers/" + ledger + "/batches");
        SessionTransport batches = batchStatements
                ? body -> http.send("POST", batchUri, BATCH_HEADERS, body) : null;
        TransactionRunner runner = new TransactionRunner(new SessionCommands(session, batches, ion), ledger,
                maxConcurrentTransactions, TransactionRunner::sleep);
        ControlPlane controlPlane = new ControlPlane(http, endpoint, ledger, ion, retryPolicy, TransactionRunner::sleep);
        NativeProofReads nativeReads = new NativeProofReads(http, endpoint, ledger, retryPolicy,
                TransactionRunner::sleep);
        return new VellumClient(ledger, ion, retryPolicy, runner, controlPlane, nativeReads, transport);
    }
}
