package io.vellum.wallet.http;

import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.verify.ProofText;
import io.vellum.wallet.account.AccountChange;
import io.vellum.wallet.account.AccountHistory;
import io.vellum.wallet.account.AccountSnapshot;
import io.vellum.wallet.account.AccountVerification;
import io.vellum.wallet.account.AddFunds;
import io.vellum.wallet.account.CacheStatistics;
import io.vellum.wallet.account.CreateAccount;
import io.vellum.wallet.account.HistoryEntry;
import io.vellum.wallet.account.Operation;
import io.vellum.wallet.account.Receipt;
import io.vellum.wallet.account.SchemaChange;
import io.vellum.wallet.account.Transfer;
import io.vellum.wallet.account.WithdrawFunds;
import io.vellum.wallet.profile.Profile;
import java.math.BigDecimal;
import java.util.List;

/**
 * The JSON side of the API: one configured mapper, and the JSON shape of every result. Money is written as a string
 * of exact decimal digits at the currency's scale ({@code "10.50"}), so no client parses it into binary floating
 * point by accident.
 */
final class WalletJson {
    /** A wallet request is a flat object: 32 levels is already absurd, and deep nesting costs stack. */
    static final int MAX_NESTING_DEPTH = 32;
    /** The longest number literal read: an amount has at most 13 integer digits and a few decimals. */
    static final int MAX_NUMBER_LENGTH = 100;

    /**
     * Reads numbers exactly (BigDecimal, trailing zeros kept), refuses duplicate members (which of two amounts would
     * count?) and anything after the value.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH).maxNumberLength(MAX_NUMBER_LENGTH).build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    /** For Ion text of revisions in the QLDB response shapes. */
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    private WalletJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static String money(BigDecimal value) {
        return value.toPlainString();
    }

    static ObjectNode blockAddress(BlockAddress address) {
        ObjectNode node = object();
        node.put("strandId", address.strandId());
        node.put("sequenceNo", address.sequenceNo());
        return node;
    }

    static ObjectNode schemaChanges(String member, List<SchemaChange> changes) {
        ArrayNode list = MAPPER.createArrayNode();
        for (SchemaChange change : changes) {
            ObjectNode node = list.addObject();
            node.put("table", change.table());
            if (change.field() != null) {
                node.put("field", change.field());
            }
            node.put("created", change.created());
            node.put(change.field() == null ? "tableId" : "indexId", change.id());
            node.put("message", change.message());
        }
        ObjectNode body = object();
        body.set(member, list);
        return body;
    }

    static ObjectNode balance(AccountSnapshot account) {
        ObjectNode node = object();
        node.put("accountId", account.accountId());
        node.put("balance", money(account.balance()));
        node.put("currency", account.currency());
        node.put("version", account.version());
        node.put("documentId", account.documentId());
        return node;
    }

    /**
     * The receipt of CreateAccount, AddFunds, WithdrawFunds or Transfer, shaped for its operation, as JSON bytes.
     * Written straight into bytes ({@link JsonBytes}: the generator's bytes without a generator per answer), with no
     * tree first: it is the answer to every balance change. The members and their order are the API's (openapi.yaml;
     * {@code ReceiptJsonTest} pins the bytes).
     */
    static byte[] receipt(Receipt receipt) {
        JsonBytes json = new JsonBytes().startObject();
        Operation operation = receipt.operation();
        json.string("operation", operation.type());
        if (operation instanceof Transfer transfer) {
            json.string("fromAccountId", transfer.fromAccountId())
                    .string("toAccountId", transfer.toAccountId())
                    .string("amount", money(transfer.amount()))
                    .string("currency", receipt.currency());
            change(json.startObject("from"), receipt.changes().get(0));
            change(json.startObject("to"), receipt.changes().get(1));
        } else {
            AccountChange change = receipt.firstChange();
            json.string("accountId", change.accountId());
            if (operation instanceof CreateAccount) {
                json.string("balance", money(change.currentBalance()));
            } else {
                json.string("amount", money(amountOf(operation)))
                        .string("previousBalance", money(change.previousBalance()))
                        .string("currentBalance", money(change.currentBalance()));
            }
            json.string("currency", receipt.currency())
                    .number("version", change.version())
                    .string("documentId", change.documentId());
        }
        json.string("transactionId", receipt.transactionId())
                .startObject("blockAddress")
                .string("strandId", receipt.blockAddress().strandId())
                .number("sequenceNo", receipt.blockAddress().sequenceNo())
                .endObject()
                .string("txRequestId", receipt.txRequestId())
                .bool("replayed", receipt.replayed())
                .endObject();
        return json.toByteArray();
    }

    /** The members of one account's change, closing the object {@code json} opened for it. */
    private static void change(JsonBytes json, AccountChange change) {
        json.string("accountId", change.accountId())
                .string("previousBalance", money(change.previousBalance()))
                .string("currentBalance", money(change.currentBalance()))
                .number("version", change.version())
                .string("documentId", change.documentId())
                .endObject();
    }

    private static BigDecimal amountOf(Operation operation) {
        if (operation instanceof AddFunds add) {
            return add.amount();
        }
        if (operation instanceof WithdrawFunds withdraw) {
            return withdraw.amount();
        }
        throw new IllegalArgumentException(operation.type() + " moves no single account's funds");
    }

    /** An operation as its history entry shows it: its type and parameters. */
    static ObjectNode operation(Operation operation) {
        ObjectNode node = object();
        node.put("type", operation.type());
        if (operation instanceof CreateAccount create) {
            node.put("accountId", create.accountId());
        } else if (operation instanceof Transfer transfer) {
            node.put("fromAccountId", transfer.fromAccountId());
            node.put("toAccountId", transfer.toAccountId());
            node.put("amount", money(transfer.amount()));
        } else if (operation instanceof AddFunds add) {
            node.put("accountId", add.accountId());
            node.put("amount", money(add.amount()));
        } else if (operation instanceof WithdrawFunds withdraw) {
            node.put("accountId", withdraw.accountId());
            node.put("amount", money(withdraw.amount()));
        }
        return node;
    }

    static ObjectNode history(AccountHistory history, String currency) {
        ObjectNode node = object();
        node.put("accountId", history.accountId());
        node.put("documentId", history.documentId());
        node.put("currency", currency);
        ArrayNode revisions = node.putArray("revisions");
        for (HistoryEntry entry : history.revisions()) {
            ObjectNode revision = revisions.addObject();
            revision.put("version", entry.version());
            revision.put("time", entry.time().toString());
            revision.put("balance", entry.balance() == null ? null : money(entry.balance()));
            revision.put("transactionId", entry.transactionId());
            revision.set("blockAddress", blockAddress(entry.blockAddress()));
            revision.set("operation", entry.operation() == null ? null : operation(entry.operation()));
            revision.put("txRequestId", entry.txRequestId());
        }
        if (history.nextFromVersion() == null) {
            node.putNull("nextFromVersion");
        } else {
            node.put("nextFromVersion", history.nextFromVersion());
        }
        return node;
    }

    /**
     * Verify's answer, only ever for a revision that verified (a failure is an error answer). Every member is read
     * from the verified revision: {@code accountId} and {@code balance} (exactly as hashed) from its data,
     * {@code documentId} and {@code version} from its metadata. {@code qldb.GetDigest} and {@code qldb.GetRevision}
     * hold QLDB's response shapes (COMPATIBILITY.md §9), which {@code vellum verify --digest F --revision F} reads from a saved
     * copy of this body, comparing every readable member with the hashed revision.
     */
    static ObjectNode verification(AccountVerification verification) {
        ObjectNode node = object();
        node.put("accountId", verification.accountId());
        node.put("balance", money(verification.balance()));
        node.put("documentId", verification.revision().metadata().id());
        node.put("version", verification.revision().metadata().version());
        node.set("blockAddress", blockAddress(verification.revision().blockAddress()));
        node.put("revisionHash", verification.revision().hash().toBase64());
        node.put("verified", true);
        ObjectNode digest = node.putObject("digest");
        digest.put("digest", verification.digest().digest().toBase64());
        digest.set("tipAddress", blockAddress(verification.digest().tipAddress()));
        ArrayNode proof = node.putArray("proof");
        for (Hash hash : verification.proof()) {
            proof.add(hash.toBase64());
        }
        ObjectNode qldb = node.putObject("qldb");
        ObjectNode getDigest = qldb.putObject("GetDigest");
        getDigest.put("Digest", verification.digest().digest().toBase64());
        getDigest.putObject("DigestTipAddress").put("IonText", verification.digest().tipAddress().toIonText());
        ObjectNode getRevision = qldb.putObject("GetRevision");
        getRevision.putObject("Revision").put("IonText", verification.revision().toIon(ION).toString());
        getRevision.putObject("Proof").put("IonText", ProofText.format(verification.proof()));
        return node;
    }

    static ObjectNode profile(Profile profile) {
        ObjectNode node = object();
        node.put("accountId", profile.accountId());
        node.put("name", profile.details().name());
        node.put("email", profile.details().email());
        node.put("phone", profile.details().phone());
        node.put("createdAt", profile.createdAt().toString());
        node.put("updatedAt", profile.updatedAt().toString());
        return node;
    }

    static ObjectNode cacheStatistics(CacheStatistics statistics) {
        ObjectNode node = object();
        node.put("hits", statistics.hits());
        node.put("misses", statistics.misses());
        node.put("entries", statistics.entries());
        node.put("feedNextSequenceNo", statistics.feedNext());
        node.put("healthy", statistics.healthy());
        node.put("blocksHandedIn", statistics.blocksHandedIn());
        node.put("blocksRead", statistics.blocksRead());
        return node;
    }
}
