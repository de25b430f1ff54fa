package io.vellum.wallet;

import io.vellum.engine.Ledger;
import io.vellum.wallet.ledger.EmbeddedLedgerConnection;
import java.nio.file.Path;

/**
 * A wallet started for a test on an ephemeral port, with an embedded ledger the test opened itself (so that it can
 * also write to the ledger directly, as another writer would) and profiles in an H2 file under the same directory.
 */
final class TestWallet implements AutoCloseable {
    final Ledger ledger;
    final WalletService service;
    final WalletHttp http;

    private TestWallet(Ledger ledger, WalletService service) {
        this.ledger = ledger;
        this.service = service;
        this.http = new WalletHttp(service);
    }

    static TestWallet start(Path directory) {
        return start(directory, WalletConfig.embedded(directory).withPort(0));
    }

    static TestWallet start(Path directory, WalletConfig config) {
        Ledger ledger = Ledger.open(directory.resolve("ledger"));
        try {
            return new TestWallet(ledger, WalletService.start(config.withPort(0),
                    EmbeddedLedgerConnection.sharing(ledger)));
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            ledger.close();
        }
    }
}
