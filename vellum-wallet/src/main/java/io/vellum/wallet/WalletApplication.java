package io.vellum.wallet;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the wallet alone: {@code java -cp … io.vellum.wallet.WalletApplication --data DIR --port N}. Stops cleanly on
 * SIGINT/SIGTERM (the running requests finish, the ledger closes). Exit status 2 for bad arguments, 1 when the
 * wallet cannot start.
 */
public final class WalletApplication {
    private WalletApplication() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> arguments = Arrays.asList(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.println(WalletArguments.USAGE);
            return;
        }
        WalletConfig config;
        try {
            config = WalletArguments.parse(arguments, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("wallet: " + e.getMessage());
            System.err.println(WalletArguments.USAGE);
            System.exit(2);
            return;
        }
        WalletService service;
        try {
            service = WalletService.start(config);
        } catch (RuntimeException e) {
            System.err.println("wallet: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("Vellum wallet on " + service.uri() + " (API description: " + service.uri()
                + "openapi.yaml)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "wallet-shutdown"));
        stopped.await();
    }
}
