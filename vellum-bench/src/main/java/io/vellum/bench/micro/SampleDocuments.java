package io.vellum.bench.micro;

import com.amazon.ion.IonList;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.IonWriter;
import com.amazon.ion.Timestamp;
import com.amazon.ion.system.IonBinaryWriterBuilder;
import com.amazon.ion.system.IonSystemBuilder;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.block.CommitDigest;
import io.vellum.proof.block.DocumentInfo;
import io.vellum.proof.block.Revision;
import io.vellum.proof.block.RevisionMetadata;
import io.vellum.proof.block.StatementInfo;
import io.vellum.proof.block.TransactionInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values the microbenchmarks hash, shaped like what the wallet writes: a wallet account (140 bytes of Ion
 * binary, the size the SHA-256 ceiling is measured at), a 1 KiB document, revision metadata and the
 * transactionInfo of a transfer. All values are read-only (as the engine hands them to the proof module), so no
 * benchmark pays for a defensive copy the engine would not make.
 */
public final class SampleDocuments {
    /** The Ion system every sample is built with. */
    public static final IonSystem ION = IonSystemBuilder.standard().build();
    /** The strand of every sample block. */
    public static final String STRAND = "Jd7xHOGrMTk3ptpeTUTCx4";

    private static final Timestamp TX_TIME = Timestamp.valueOf("2026-11-27T12:00:00.123Z");

    private SampleDocuments() {
    }

    /**
     * Wallet account {@code number}: {@code {accountId, balance, currency, operation:{type, transactionId}}}, 140
     * bytes as an Ion binary stream (version marker and local symbol table included).
     */
    public static IonStruct account(int number) {
        IonStruct account = ION.newEmptyStruct();
        account.put("accountId").newString(accountId(number));
        account.put("balance").newDecimal(new BigDecimal("1234567.89"));
        account.put("currency").newString("EUR");
        IonStruct operation = account.put("operation").newEmptyStruct();
        operation.put("type").newString("TRANSFER_OUT");
        operation.put("transactionId").newString("8Xw1mQcAPl2BZ3Wk8yTnAF");
        account.makeReadOnly();
        return account;
    }

    /** The {@code accountId} of account {@code number}. */
    public static String accountId(int number) {
        return String.format("acct-%08d", number);
    }

    /** A customer record of about 1 KiB of Ion binary: nested structs, a list of 9 entries, strings, decimals. */
    public static IonStruct document1k() {
        IonStruct document = ION.newEmptyStruct();
        document.put("customerId").newString("cust-00042317");
        document.put("name").newString("Ada Lovelace-Byron");
        document.put("email").newString("ada.lovelace@example.org");
        document.put("createdAt").newTimestamp(TX_TIME);
        document.put("tier").newSymbol("GOLD");
        IonStruct address = document.put("address").newEmptyStruct();
        address.put("street").newString("12 St James's Square");
        address.put("city").newString("London");
        address.put("postcode").newString("SW1Y 4JH");
        address.put("country").newString("GB");
        IonList orders = document.put("orders").newEmptyList();
        for (int i = 0; i < 9; i++) {
            IonStruct order = orders.add().newEmptyStruct();
            order.put("orderId").newString("ord-" + (9000 + i) + "-2026-11");
            order.put("amount").newDecimal(new BigDecimal("149.95").add(BigDecimal.valueOf(i)));
            order.put("currency").newString("EUR");
            order.put("status").newString(i % 3 == 0 ? "DELIVERED" : "SHIPPED");
            order.put("placedAt").newTimestamp(Timestamp.valueOf("2026-11-0" + (1 + i) + "T09:30:00Z"));
            order.put("sku").newString("SKU-" + (100_000 + 37 * i));
            order.put("quantity").newInt(1 + i % 4);
        }
        document.put("notes").newString("Prefers e-mail contact; loyalty programme since 2019; no paper statements; VAT receipts to the office address, attn. accounts payable.");
        document.makeReadOnly();
        return document;
    }

    /** Bytes of {@code value} as an Ion binary stream (version marker and local symbol table included). */
    public static int binarySize(IonValue value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (IonWriter writer = IonBinaryWriterBuilder.standard().build(bytes)) {
            value.writeTo(writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.size();
    }

    /** Metadata of version {@code version} of document {@code number}, as the engine stamps it. */
    public static RevisionMetadata metadata(int number, long version) {
        return new RevisionMetadata(String.format("5PLf9SXwndd7sz%08d", number), version, TX_TIME,
                "8Xw1mQcAPl2BZ3Wk8yTnAF");
    }

    /** {@code count} account revisions, hashes computed, in block {@code sequenceNo} of {@link #STRAND}. */
    public static List<Revision> accountRevisions(long sequenceNo, int count) {
        BlockAddress address = new BlockAddress(STRAND, sequenceNo);
        List<Revision> revisions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            revisions.add(Revision.create(address, account(i), metadata(i, 7)));
        }
        return revisions;
    }

    /**
     * The transactionInfo of a block of {@code documents} revisions written by the wallet transfer's statements
     * (two SELECTs, then one UPDATE per document): what the committer seals beside the revisions.
     */
    public static TransactionInfo transactionInfo(int documents) {
        List<StatementInfo> statements = new ArrayList<>();
        String select = "SELECT a.balance FROM Accounts AS a WHERE a.accountId = ?";
        String update = "UPDATE Accounts AS a SET a.balance = ? WHERE a.accountId = ?";
        for (int i = 0; i < 2; i++) {
            statements.add(new StatementInfo(select, TX_TIME,
                    CommitDigest.statementHash(select, List.of(ION.newString(accountId(i))))));
        }
        Map<String, DocumentInfo> written = new LinkedHashMap<>();
        for (int i = 0; i < documents; i++) {
            statements.add(new StatementInfo(update, TX_TIME, CommitDigest.statementHash(update,
                    List.of(ION.newDecimal(new BigDecimal("100.00")), ION.newString(accountId(i))))));
            written.put(metadata(i, 7).id(), new DocumentInfo("Accounts", "Fw2Hq7rTuDb0xKEg9mRqvN",
                    List.of(statements.size() - 1)));
        }
        return new TransactionInfo(statements, written);
    }
}
