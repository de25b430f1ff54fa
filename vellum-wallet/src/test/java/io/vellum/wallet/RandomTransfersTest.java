package io.vellum.wallet;

import static io.vellum.wallet.WalletHttp.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.proof.block.Revision;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random transfers among 50 accounts from 16 clients for 10 s (vellum.wallet.transfers.millis): money is conserved,
 * every history replays to its balance, and every current revision verifies against the latest digest.
 */
@Tag("slow")
class RandomTransfersTest {
    private static final int ACCOUNTS = 50;
    private static final int CLIENTS = 16;
    private static final BigDecimal INITIAL = new BigDecimal("1000.00");

    @TempDir
    Path directory;

    @Test
    void transfersConserveMoneyReplayAndVerify() throws Exception {
        long seed = Long.getLong("vellum.seed", System.nanoTime());
        long millis = Long.getLong("vellum.wallet.transfers.millis", 10_000);
        System.out.println("RandomTransfersTest seed=" + seed + " millis=" + millis);
        try (TestWallet wallet = TestWallet.start(directory)) {
            WalletHttp http = wallet.http;
            http.setUp();
            for (int i = 0; i < ACCOUNTS; i++) {
                expect(http.post("/accounts", "{\"accountId\":\"account-" + i + "\"}"), 201);
                expect(http.deposit("account-" + i, INITIAL.toPlainString()), 200);
            }
            AtomicLong moved = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            Map<String, Long> transferLegs = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
            long deadline = System.nanoTime() + millis * 1_000_000;
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Random random = new Random(seed + c);
                clients.add(new Thread(() -> {
                    while (System.nanoTime() < deadline) {
                        int from = random.nextInt(ACCOUNTS);
                        int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                        // Up to 600.00: large enough that some transfers meet an account without the funds.
                        String amount = BigDecimal.valueOf(1 + random.nextInt(60_000), 2).toPlainString();
                        WalletHttp.Answer answer = http.transfer("account-" + from, "account-" + to, amount);
                        if (answer.status() == 200) {
                            moved.incrementAndGet();
                            transferLegs.merge("account-" + from, 1L, Long::sum);
                            transferLegs.merge("account-" + to, 1L, Long::sum);
                        } else if (answer.status() == 409 && "INSUFFICIENT_FUNDS".equals(answer.errorCode())) {
                            refused.incrementAndGet();
                        } else {
                            unexpected.add(answer.toString());
                        }
                    }
                }, "transfer-client-" + c));
            }
            clients.forEach(Thread::start);
            for (Thread client : clients) {
                client.join();
            }
            System.out.println("RandomTransfersTest: " + moved + " transfers, " + refused + " refused for funds");
            assertThat(unexpected).isEmpty();
            assertThat(moved.get()).isPositive();

            BigDecimal total = BigDecimal.ZERO;
            LedgerDigest latest = wallet.ledger.digest();
            for (int i = 0; i < ACCOUNTS; i++) {
                String accountId = "account-" + i;
                BigDecimal balance = new BigDecimal(http.balance(accountId));
                assertThat(balance).isNotNegative();
                total = total.add(balance);

                JsonNode revisions = expect(http.get("/accounts/" + accountId + "/history"), 200).json()
                        .path("revisions");
                assertThat(revisions.size()).isEqualTo(2 + transferLegs.getOrDefault(accountId, 0L));
                assertThat(replay(accountId, revisions)).isEqualTo(balance);

                JsonNode verification = expect(http.get("/accounts/" + accountId + "/verification"), 200).json();
                assertThat(verification.path("verified").asBoolean()).isTrue();
                Revision current = ProofChecks.verify(verification, latest);
                assertThat(current.metadata().version()).isEqualTo(revisions.size() - 1);
            }
            assertThat(total).isEqualTo(INITIAL.multiply(BigDecimal.valueOf(ACCOUNTS)));
        }
    }

    /** Applies each revision's operation to the previous balance, checking each revision's balance on the way. */
    private static BigDecimal replay(String accountId, JsonNode revisions) {
        BigDecimal balance = null;
        for (JsonNode revision : revisions) {
            JsonNode operation = revision.path("operation");
            BigDecimal amount = operation.has("amount") ? new BigDecimal(operation.path("amount").asText()) : null;
            switch (operation.path("type").asText()) {
                case "CreateAccount":
                    assertThat(balance).as("CreateAccount comes first").isNull();
                    balance = new BigDecimal("0.00");
                    break;
                case "AddFunds":
                    balance = balance.add(amount);
                    break;
                case "WithdrawFunds":
                    balance = balance.subtract(amount);
                    break;
                case "Transfer":
                    boolean outgoing = operation.path("fromAccountId").asText().equals(accountId);
                    assertThat(outgoing || operation.path("toAccountId").asText().equals(accountId)).isTrue();
                    balance = outgoing ? balance.subtract(amount) : balance.add(amount);
                    break;
                default:
                    throw new AssertionError("revision without a wallet operation: " + revision);
            }
            assertThat(new BigDecimal(revision.path("balance").asText()))
                    .as("balance of %s version %s", accountId, revision.path("version")).isEqualTo(balance);
        }
        return balance;
    }
}
