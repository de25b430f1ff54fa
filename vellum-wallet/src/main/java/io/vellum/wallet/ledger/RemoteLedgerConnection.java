package io.vellum.wallet.ledger;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import io.vellum.client.ClientTransaction;
import io.vellum.proof.verify.RevisionProof;
import io.vellum.client.VellumClient;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link LedgerConnection} to a ledger on a Vellum server (or anything speaking QLDB's APIs): transactions over the
 * Session API with {@link VellumClient}, GetDigest and GetRevision over the control plane, and the change feed as
 * GetBlock in order ({@link RemoteChangeFeed}).
 */
public final class RemoteLedgerConnection implements LedgerConnection {
    /** How long the change feed waits between looks at the tip when nothing tells it a block committed. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    /**
     * How {@link #execute} retries: the patience of {@link EmbeddedLedgerConnection#DEFAULT_RETRY_POLICY} (10 to 20 s
     * of conflicts), with the client's failure classification (conflicts, invalid sessions, HTTP 500/503, no answer)
     * and pauses of {@code min(10 ms * 2^n, 200 ms)} that allow for the round trip. The client runs the attempts:
     * nothing retries around it.
     */
    public static final RetryPolicy DEFAULT_RETRY_POLICY =
            RetryPolicy.of(100, Duration.ofMillis(10), Duration.ofMillis(200));

    private final VellumClient client;
    private final URI endpoint;
    private final Set<RemoteChangeFeed> feeds = ConcurrentHashMap.newKeySet();

    private RemoteLedgerConnection(VellumClient client, URI endpoint) {
        this.client = client;
        this.endpoint = endpoint;
    }

    /**
     * Connects to ledger {@code ledgerName} at {@code endpoint} with an access key the server holds, and checks that
     * the ledger answers.
     *
     * @throws io.vellum.error.LedgerException when the ledger does not exist, the key is refused or the server
     *                                         cannot be reached
     */
    public static RemoteLedgerConnection connect(URI endpoint, String ledgerName, String accessKeyId,
                                                 String secretAccessKey) {
        VellumClient client = VellumClient.builder().endpoint(endpoint).ledger(ledgerName)
                .credentials(accessKeyId, secretAccessKey).build();
        RemoteLedgerConnection connection = new RemoteLedgerConnection(client, endpoint);
        try {
            connection.digest();
            return connection;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    @Override
    public <T> T execute(Function<WalletTransaction, T> work) {
        try {
            return client.execute(transaction -> work.apply(new RemoteTransaction(transaction)),
                    DEFAULT_RETRY_POLICY);
        } finally {
            // The transaction may have appended a block: let the change feeds look now rather than at their next poll.
            feeds.forEach(RemoteChangeFeed::wake);
        }
    }

    @Override
    public IonSystem ionSystem() {
        return client.ionSystem();
    }

    @Override
    public LedgerDigest digest() {
        return client.ledgerVerifier().getDigest();
    }

    @Override
    public RevisionProof revisionProof(BlockAddress blockAddress, String documentId, LedgerDigest tip) {
        return client.ledgerVerifier().getRevision(blockAddress, documentId, tip.tipAddress());
    }

    @Override
    public long committedTip() {
        long tip = digest().tipAddress().sequenceNo();
        for (RemoteChangeFeed feed : feeds) {
            if (feed.nextSequenceNo() <= tip) {
                feed.wake();
            }
        }
        return tip;
    }

    @Override
    public ChangeSubscription changes(long fromSequenceNo, Consumer<JournalBlock> consumer) {
        RemoteChangeFeed feed = new RemoteChangeFeed(client.ledgerVerifier(), fromSequenceNo, consumer, POLL_INTERVAL,
                client.ledgerName());
        feeds.add(feed);
        feed.start();
        return new ChangeSubscription() {
            @Override
            public long nextSequenceNo() {
                return feed.nextSequenceNo();
            }

            @Override
            public Throwable failure() {
                return feed.failure();
            }

            @Override
            public void close() {
                feeds.remove(feed);
                feed.close();
            }
        };
    }

    @Override
    public void close() {
        feeds.forEach(RemoteChangeFeed::close);
        feeds.clear();
        client.close();
    }

    @Override
    public String toString() {
        return "ledger " + client.ledgerName() + " at " + endpoint;
    }

    /** The client's transaction seen through the wallet's interface; results are read whole inside the transaction. */
    private record RemoteTransaction(ClientTransaction transaction) implements WalletTransaction {
        @Override
        public List<IonValue> execute(String statement, IonValue... parameters) {
            return transaction.execute(statement, parameters).toList();
        }

        @Override
        public String transactionId() {
            return transaction.transactionId();
        }
    }
}
