package io.vellum.wallet;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the wallet alone: {@code vellum wallet --data DIR --port N} (or
 * {@code java -cp … io.vellum.wallet.WalletApplication …}), with an embedded ledger or, with
 * {@code --ledger-endpoint URL}, on a ledger of a Vellum server. Stops cleanly on SIGINT/SIGTERM (the running requests
 * finish, the ledger closes). Exit status 2 for bad arguments, 1 when the
 * wallet cannot start.
 */
public final class WalletApplication {
    /** Exit status: the arguments are wrong. */
    public static final int BAD_ARGUMENTS = 2;
    /** Exit status: the wallet could not start (ledger or profile database unreachable, port taken, …). */
    public static final int CANNOT_START = 1;

    private WalletApplication() {
    }

    public static void main(String[] args) throws InterruptedException {
        int status = run(Arrays.asList(args), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** How to authenticate, the generated secret once, or the loud warning of a wallet with no authentication. */
    static void printAccess(WalletService service, PrintStream out) {
        if (service.insecureNoAuth()) {
            out.println("WARNING: " + WalletService.INSECURE_WARNING + ".");
            return;
        }
        out.println("Requests must be signed (AWS SigV4) with access key " + service.accessKeyId()
                + (service.credentialsFile() == null ? "" : " from " + service.credentialsFile().toAbsolutePath()));
        if (service.credentialsGenerated()) {
            out.println("Generated a new key pair. It is shown only now; it stays in the credentials file:");
            out.println("  Access key id:     " + service.accessKeyId());
            out.println("  Secret access key: " + service.secretAccessKey());
        }
    }

    /**
     * Parses {@code arguments} and runs the wallet until the JVM shuts down (a shutdown hook closes it). Returns at
     * once with 0 after printing the usage for {@code --help}, or with {@link #BAD_ARGUMENTS} / {@link #CANNOT_START}
     * after saying why on {@code err}; otherwise it returns only when the JVM is stopping.
     */
    public static int run(List<String> arguments, PrintStream out, PrintStream err) throws InterruptedException {
        if (arguments.contains("--help") || arguments.contains("-h")) {
            out.println(WalletArguments.USAGE);
            return 0;
        }
        WalletConfig config;
        try {
            config = WalletArguments.parse(arguments, System.getenv());
        } catch (IllegalArgumentException e) {
            // One line: the usage would bury the reason (and --help prints it).
            err.println("wallet: " + e.getMessage() + " (--help lists the options)");
            return BAD_ARGUMENTS;
        }
        WalletService service;
        try {
            service = WalletService.start(config);
        } catch (RuntimeException e) {
            err.println("wallet: cannot start: " + e.getMessage());
            return CANNOT_START;
        }
        out.println("Vellum wallet on " + service.uri() + " (API description: " + service.uri()
                + "openapi.yaml)");
        printAccess(service, out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "wallet-shutdown"));
        stopped.await();
        return 0;
    }
}
