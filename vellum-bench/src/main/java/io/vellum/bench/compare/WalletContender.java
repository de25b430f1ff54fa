package io.vellum.bench.compare;

import com.amazon.ion.IonDecimal;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.client.VellumClient;
import io.vellum.client.internal.Credentials;
import io.vellum.client.internal.RequestSignature;
import io.vellum.client.internal.SigV4Signer;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The wallet HTTP API of {@code vellum serve} (ledger {@code wallet}, in the server's process): each transfer is
 * one {@code POST /transfers} from the runner's client threads through java.net.http's HttpClient (HTTP/1.1, kept-
 * alive connections). The wallet retries ledger conflicts itself, so retries are the ledger's conflict counter
 * (/metrics) plus any 409/5xx the client had to repeat. Accounts are made through the API as a user would:
 * {@code POST /accounts}, then a deposit of 1,000,000.00 each. Every request is signed (AWS SigV4 with the
 * server's key pair, which the wallet of {@code vellum serve} requires), as a real client's would be.
 */
final class WalletContender extends ServerProcessContender {
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static final String CONFLICTS = "vellum_ledger_occ_conflicts_total{ledger=\"wallet\"}";

    private final AtomicLong httpRetries = new AtomicLong();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final SigV4Signer signer = new SigV4Signer(new Credentials(VellumServerProcess.KEY,
            VellumServerProcess.SECRET), "us-east-1", "wallet");

    WalletContender(Launcher launcher, Path workDirectory, int threads, int accounts) {
        super(launcher, workDirectory, threads, accounts);
    }

    @Override
    public String name() {
        return "wallet-http";
    }

    @Override
    public void setUp() throws Exception {
        server = VellumServerProcess.start(launcher, workDirectory, null, true);
        post("/tables", "", 201);
        post("/indexes", "", 201);
        LoadDriver.Transfer create = (thread, from, to) -> {
            for (int n = from; n < to; n++) {
                String id = Setting.accountId(n);
                post("/accounts", "{\"accountId\":\"" + id + "\"}", 201);
                post("/accounts/" + id + "/deposits", "{\"amount\":\"1000000.00\"}", 200);
            }
        };
        Thread[] workers = new Thread[threads];
        Exception[] failure = new Exception[1];
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers[t] = new Thread(() -> {
                try {
                    create.run(thread, accounts * thread / threads, accounts * (thread + 1) / threads);
                } catch (Exception e) {
                    failure[0] = e;
                }
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    @Override
    public LoadDriver.Interval run(Setting setting, double seconds, long seed) throws Exception {
        long conflicts = server.metric(CONFLICTS);
        long retries = httpRetries.get();
        LoadDriver.Interval interval = LoadDriver.drive((thread, from, to) -> post("/transfers",
                "{\"fromAccountId\":\"" + Setting.accountId(from) + "\",\"toAccountId\":\"" + Setting.accountId(to)
                        + "\",\"amount\":\"1.00\"}", 200), setting, threads, seconds, accounts, seed);
        return interval.withRetries(server.metric(CONFLICTS) - conflicts + httpRetries.get() - retries);
    }

    /** POSTs until the wallet answers {@code expected}; 409 LEDGER_CONFLICT-like answers and 5xx are retried. */
    private void post(String path, String body, int expected) throws Exception {
        URI uri = server.wallet().resolve(path);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0; ; attempt++) {
            RequestSignature signature = signer.sign("POST", uri, JSON, bytes, Instant.now());
            HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .header("X-Amz-Date", signature.amzDate()).header("Authorization", signature.authorization())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status == expected) {
                return;
            }
            boolean retryable = status >= 500 || (status == 409 && !response.body().contains("INSUFFICIENT_FUNDS")
                    && !response.body().contains("ACCOUNT_EXISTS"));
            if (!retryable || attempt >= 100) {
                throw new IllegalStateException("POST " + path + " " + body + " answered " + status + ": "
                        + response.body());
            }
            httpRetries.incrementAndGet();
            Thread.sleep(Math.min(100, 1L << Math.min(attempt, 6)));
        }
    }

    /**
     * Reads the wallet's ledger directly with vellum-client: balances sum to the start, and the account documents'
     * versions add up to one creation, one deposit and two updates per committed transfer.
     */
    @Override
    public String check(long committedTransfers) {
        try (VellumClient client = VellumClient.builder().endpoint(server.endpoint()).ledger("wallet")
                .credentials(VellumServerProcess.KEY, VellumServerProcess.SECRET).build()) {
            return client.execute(txn -> {
                List<IonValue> rows = txn.execute("SELECT r.data.balance AS balance, r.metadata.version AS version"
                        + " FROM _ql_committed_Wallet AS r").toList();
                BigDecimal sum = BigDecimal.ZERO;
                long versions = 0;
                for (IonValue row : rows) {
                    sum = sum.add(((IonDecimal) ((IonStruct) row).get("balance")).bigDecimalValue());
                    versions += ((IonInt) ((IonStruct) row).get("version")).longValue();
                }
                long expected = accounts + 2 * committedTransfers;
                if (versions != expected) {
                    throw new IllegalStateException("wallet: account versions sum to " + versions + ", expected "
                            + expected + " (one deposit per account, two updates per transfer)");
                }
                return Checks.balances(name(), accounts, rows.size(), sum) + "; account versions sum to " + versions
                        + " = accounts + 2 × committed transfers";
            });
        }
    }

    @Override
    public void close() {
        closeServer();
    }
}
