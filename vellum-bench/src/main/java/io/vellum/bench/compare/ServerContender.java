package io.vellum.bench.compare;

import com.amazon.ion.IonValue;
import io.vellum.bench.TransferWorkload;
import io.vellum.bench.TransferWorkload.Statements;
import io.vellum.client.VellumClient;
import io.vellum.client.VellumClientBuilder;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.qldbsession.QldbSessionClient;
import software.amazon.qldb.QldbDriver;
import software.amazon.qldb.RetryPolicy;

/**
 * Vellum server ({@code vellum serve}, its own process, one per contender by {@link VellumServers}, with a fresh
 * ledger for the run) driven over loopback through the official QLDB Java driver or through vellum-client, from the
 * runner's client threads. The transfer is
 * TransferWorkload's five PartiQL statements inside {@code execute(txn -> …)}; a retry is a run of that lambda
 * that did not commit (the driver and the client re-run it after an OCC conflict).
 */
final class ServerContender extends ServerProcessContender {
    private static final BigDecimal AMOUNT = new BigDecimal("1.00");

    private final boolean officialDriver;
    /** How vellum-client is built (unused for the official driver). */
    private final Batching batching;
    /** The transfer reads each balance before issuing the next read (contender vellum-client-batched-3). */
    private final boolean readEachAtOnce;
    /** The server's HTTP front ({@code --http-front}), or null for the server's default. */
    private final String httpFront;
    private final VellumServers servers;
    private final AtomicLong attempts = new AtomicLong();
    /** This run's ledger in the contender's server; null until {@link #setUp} created it. */
    private String ledger;
    private AutoCloseable client;
    private Function<Function<Statements, Boolean>, Boolean> executor;

    /**
     * vellum-client's {@code batchStatements}, and the contender's name: vellum-client is always the client as its
     * builder makes it by default (batched since issue 16's session 12), so that the name means the same after a
     * default changes; the other two name the setting they force.
     */
    enum Batching {
        /** The builder's default. */
        DEFAULT("vellum-client"),
        /** {@code batchStatements(true)}. */
        ON("vellum-client-batched"),
        /** {@code batchStatements(false)}: the Session API only, one request per statement (the default before). */
        OFF("vellum-client-eager");

        final String contender;

        Batching(String contender) {
            this.contender = contender;
        }
    }

    /** The official QLDB driver (contender vellum-driver). */
    static ServerContender driver(VellumServers servers, Launcher launcher, Path workDirectory, int threads,
                                  int accounts) {
        return new ServerContender(true, Batching.DEFAULT, false, null, servers, launcher, workDirectory, threads,
                accounts);
    }

    /** @param httpFront the server's {@code --http-front} (jetty or threads), or null for the server's default */
    ServerContender(boolean officialDriver, Batching batching, boolean readEachAtOnce, String httpFront,
                    VellumServers servers, Launcher launcher, Path workDirectory, int threads, int accounts) {
        super(launcher, workDirectory, threads, accounts);
        this.servers = servers;
        this.officialDriver = officialDriver;
        this.batching = batching;
        this.readEachAtOnce = readEachAtOnce;
        this.httpFront = httpFront;
    }

    @Override
    public String name() {
        String name = officialDriver ? "vellum-driver" : readEachAtOnce ? batching.contender + "-3"
                : batching.contender;
        return httpFront == null ? name : name + "-" + httpFront;
    }

    @Override
    public void setUp() throws Exception {
        server = servers.of(name(), () -> VellumServerProcess.start(launcher, workDirectory, null, false, httpFront));
        ledger = servers.nextLedgerName();
        server.createLedger(ledger);
        executor = officialDriver ? driver() : vellumClient();
        AccountLoader.load(work -> executor.apply(s -> {
            work.accept(s);
            return true;
        }), accounts, threads);
    }

    private Function<Function<Statements, Boolean>, Boolean> driver() {
        QldbDriver driver = QldbDriver.builder().ledger(ledger).maxConcurrentTransactions(threads)
                .transactionRetryPolicy(RetryPolicy.builder().maxRetries(10_000).build())
                .sessionClientBuilder(QldbSessionClient.builder().endpointOverride(server.endpoint())
                        .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(VellumServerProcess.KEY, VellumServerProcess.SECRET))))
                .build();
        client = driver;
        return work -> driver.execute((software.amazon.qldb.Executor<Boolean>) txn -> work.apply((statement, parameters) -> {
            List<IonValue> values = new ArrayList<>();
            txn.execute(statement, parameters).forEach(values::add);
            return values;
        }));
    }

    private Function<Function<Statements, Boolean>, Boolean> vellumClient() {
        VellumClientBuilder builder = VellumClient.builder().endpoint(server.endpoint()).ledger(ledger)
                .credentials(VellumServerProcess.KEY, VellumServerProcess.SECRET).maxConcurrentTransactions(threads)
                .retryPolicy(VellumClientBuilder.DEFAULT_RETRY_POLICY.withMaxAttempts(10_001));
        if (batching != Batching.DEFAULT) {
            builder.batchStatements(batching == Batching.ON);
        }
        VellumClient vellum = builder.build();
        client = vellum;
        if (batching != Batching.OFF) {
            // Results read when the transfer looks at them, so that a batching client sends both reads together.
            return work -> vellum.execute(txn -> work.apply((statement, parameters) ->
                    io.vellum.bench.UnreadResults.lazily(txn.execute(statement, parameters))));
        }
        return work -> vellum.execute(txn -> work.apply((statement, parameters) ->
                txn.execute(statement, parameters).toList()));
    }

    @Override
    public LoadDriver.Interval run(Setting setting, double seconds, long seed) throws Exception {
        long before = attempts.get();
        LoadDriver.Interval interval = LoadDriver.drive((thread, from, to) -> executor.apply(s -> {
            attempts.incrementAndGet();
            return readEachAtOnce
                    ? TransferWorkload.transferReadingEachAtOnce(s, Setting.accountId(from), Setting.accountId(to),
                            AMOUNT)
                    : TransferWorkload.transfer(s, Setting.accountId(from), Setting.accountId(to), AMOUNT);
        }), setting, threads, seconds, accounts, seed);
        return interval.withRetries(attempts.get() - before - interval.committed());
    }

    @Override
    public String check(long committedTransfers) {
        String[] result = new String[1];
        executor.apply(s -> {
            result[0] = VellumChecks.accountsAndTransfers(name(), s, accounts, committedTransfers);
            return true;
        });
        return result[0];
    }

    @Override
    public void close() {
        try {
            if (client != null) {
                client.close();
            }
        } catch (Exception e) {
            System.err.println(name() + ": closing the client: " + e.getMessage());
        }
        if (ledger != null) { // the run's ledger goes; VellumServers stops the server
            try {
                server.deleteLedger(ledger);
            } catch (Exception e) {
                System.err.println(name() + ": deleting ledger " + ledger + ": " + e.getMessage());
            }
        }
    }
}
