package io.vellum.server.hostile;

import static io.vellum.server.hostile.BadInputSuiteTest.badUtf8;
import static io.vellum.server.hostile.BadInputSuiteTest.binaryString;
import static io.vellum.server.hostile.BadInputSuiteTest.execute;
import static io.vellum.server.hostile.BadInputSuiteTest.ionBinaryParameter;
import static io.vellum.server.hostile.BadInputSuiteTest.ionTextParameter;
import static io.vellum.server.hostile.BadInputSuiteTest.nestedBinary;
import static io.vellum.server.hostile.BadInputSuiteTest.nestedIonText;
import static io.vellum.server.hostile.BadInputSuiteTest.nestedJsonArrays;
import static io.vellum.server.hostile.BadInputSuiteTest.nestedJsonObjects;
import static io.vellum.server.hostile.BadInputSuiteTest.session;
import static io.vellum.server.hostile.BadInputSuiteTest.spliced;
import static io.vellum.server.hostile.HostileInputs.base64;
import static io.vellum.server.hostile.HostileInputs.quote;
import static io.vellum.server.hostile.HostileInputs.utf8;

import com.amazon.ion.IonType;
import io.vellum.server.hostile.BadInputSuiteTest.Case;
import java.util.List;

/** Hostile Session API requests ({@code POST /}, {@code X-Amz-Target: QLDBSession.SendCommand}). */
final class SessionCases {
    private SessionCases() {
    }

    static void add(List<Case> cases) {
        String start = "{\"StartSession\":{\"LedgerName\":\"" + BadInputSuiteTest.LEDGER + "\"}}";
        // Truncated JSON: every proper prefix of a valid StartSession (the empty body included).
        for (int length = 0; length < start.length(); length++) {
            cases.add(session("truncated StartSession at " + length, start.substring(0, length)));
        }
        // Not a JSON object, or garbage.
        for (String body : List.of("null", "[]", "1", "\"StartSession\"", "true", "{}", "{\"StartSession\":{}}x",
                "{\"StartSession\":{}}{}", "{'StartSession':{}}", "{StartSession:{}}", "{\"StartSession\":{},}",
                "\u0000", "{\"StartSession\":{\"LedgerName\":\"hostile\"}", "<xml/>")) {
            cases.add(session("not one JSON object: " + body.replace("\u0000", "NUL"), body));
        }
        // Wrong JSON types for each member.
        for (String value : List.of("1", "true", "[]", "{}", "1e999999999", "-0.0")) {
            cases.add(session("LedgerName as " + value, "{\"StartSession\":{\"LedgerName\":" + value + "}}"));
            cases.add(session("StartSession as " + value.replace("{}", "{ }"), "{\"StartSession\":" + value + "}"));
            cases.add(session("SessionToken as " + value, "{\"SessionToken\":" + value + ",\"StartTransaction\":{}}"));
            cases.add(session("Statement as " + value, execute(value, null), true));
            cases.add(session("TransactionId as " + value, s -> utf8("{\"SessionToken\":\"" + s.token()
                    + "\",\"ExecuteStatement\":{\"TransactionId\":" + value + ",\"Statement\":\"SELECT 1 FROM Cars\"}}"),
                    true));
            cases.add(session("Parameters as " + value.replace("[]", "[ ]"), execute("\"SELECT * FROM Cars\"",
                    value.equals("[]") ? "[1]" : value), true));
            cases.add(session("IonBinary as " + value, execute("\"SELECT * FROM Cars WHERE VIN = ?\"",
                    "[{\"IonBinary\":" + value + "}]"), true));
            cases.add(session("CommitDigest as " + value, s -> utf8("{\"SessionToken\":\"" + s.token()
                    + "\",\"CommitTransaction\":{\"TransactionId\":\"" + s.transactionId() + "\",\"CommitDigest\":"
                    + value + "}}"), true));
        }
        // Missing members.
        cases.add(session("StartSession without LedgerName", "{\"StartSession\":{}}"));
        cases.add(session("StartTransaction without SessionToken", "{\"StartTransaction\":{}}"));
        cases.add(session("ExecuteStatement without Statement", s -> utf8("{\"SessionToken\":\"" + s.token()
                + "\",\"ExecuteStatement\":{\"TransactionId\":\"" + s.transactionId() + "\"}}"), true));
        cases.add(session("ExecuteStatement without TransactionId", s -> utf8("{\"SessionToken\":\"" + s.token()
                + "\",\"ExecuteStatement\":{\"Statement\":\"SELECT * FROM Cars\"}}"), true));
        cases.add(session("CommitTransaction without CommitDigest", s -> utf8("{\"SessionToken\":\"" + s.token()
                + "\",\"CommitTransaction\":{\"TransactionId\":\"" + s.transactionId() + "\"}}"), true));
        cases.add(session("FetchPage without NextPageToken", s -> utf8("{\"SessionToken\":\"" + s.token()
                + "\",\"FetchPage\":{\"TransactionId\":\"" + s.transactionId() + "\"}}"), true));
        cases.add(session("ValueHolder empty", execute("\"SELECT * FROM Cars WHERE VIN = ?\"", "[{}]"), true));
        cases.add(session("only a SessionToken", s -> utf8("{\"SessionToken\":\"" + s.token() + "\"}"), false));
        // Unknown members.
        cases.add(session("unknown top-level member", "{\"StartSession\":{\"LedgerName\":\"hostile\"},\"X\":1}"));
        cases.add(session("unknown command", "{\"DropEverything\":{}}"));
        cases.add(session("unknown member in StartSession", "{\"StartSession\":{\"LedgerName\":\"hostile\",\"Y\":1}}"));
        cases.add(session("unknown member in ExecuteStatement", s -> utf8("{\"SessionToken\":\"" + s.token()
                + "\",\"ExecuteStatement\":{\"TransactionId\":\"" + s.transactionId()
                + "\",\"Statement\":\"SELECT * FROM Cars\",\"Limit\":1}}"), true));
        cases.add(session("unknown member in ValueHolder", execute("\"SELECT * FROM Cars WHERE VIN = ?\"",
                "[{\"IonBinary\":\"4AEA6oM=\",\"IonJson\":\"1\"}]"), true));
        cases.add(session("ValueHolder with IonBinary and IonText", execute("\"SELECT * FROM Cars WHERE VIN = ?\"",
                "[{\"IonBinary\":\"4AEA6oFh\",\"IonText\":\"1\"}]"), true));
        cases.add(session("two commands", s -> utf8("{\"SessionToken\":\"" + s.token()
                + "\",\"StartTransaction\":{},\"AbortTransaction\":{}}"), false));
        // Duplicate members.
        cases.add(session("duplicate LedgerName",
                "{\"StartSession\":{\"LedgerName\":\"nope\",\"LedgerName\":\"hostile\"}}"));
        cases.add(session("duplicate StartSession",
                "{\"StartSession\":{\"LedgerName\":\"hostile\"},\"StartSession\":{\"LedgerName\":\"hostile\"}}"));
        cases.add(session("duplicate SessionToken", s -> utf8("{\"SessionToken\":\"" + s.token()
                + "\",\"SessionToken\":\"" + s.token() + "\",\"StartTransaction\":{}}"), false));
        cases.add(session("duplicate Statement", s -> utf8("{\"SessionToken\":\"" + s.token()
                + "\",\"ExecuteStatement\":{\"TransactionId\":\"" + s.transactionId()
                + "\",\"Statement\":\"SELECT * FROM Cars\",\"Statement\":\"DELETE FROM Cars\"}}"), true));
        cases.add(session("duplicate IonBinary", execute("\"SELECT * FROM Cars WHERE VIN = ?\"",
                "[{\"IonBinary\":\"4AEA6oFh\",\"IonBinary\":\"4AEA6oFi\"}]"), true));
        // Deep JSON nesting, where each member stands.
        for (int depth : new int[] {101, 1_000, 4_000, 100_000}) {
            cases.add(session("JSON arrays " + depth + " deep as the body", nestedJsonArrays(depth)));
            cases.add(session("JSON objects " + depth + " deep in StartSession",
                    "{\"StartSession\":" + nestedJsonObjects(depth) + "}"));
            cases.add(session("JSON arrays " + depth + " deep as Parameters",
                    execute("\"SELECT * FROM Cars\"", nestedJsonArrays(depth)), true));
        }
        // Deep Ion, text and binary, as a parameter.
        for (int depth : new int[] {101, 3_000, 10_000}) {
            for (IonType type : List.of(IonType.LIST, IonType.SEXP, IonType.STRUCT)) {
                cases.add(session("IonText " + type + " " + depth + " deep", execute(
                        "\"SELECT * FROM Cars WHERE VIN = ?\"", ionTextParameter(nestedIonText(depth, type))), true));
                cases.add(session("IonBinary " + type + " " + depth + " deep", execute(
                        "\"SELECT * FROM Cars WHERE VIN = ?\"", ionBinaryParameter(nestedBinary(depth, type))), true));
            }
        }
        // Huge numbers in Ion text parameters.
        for (String number : List.of("9".repeat(5_000), "1." + "0".repeat(5_000), "1" + "0".repeat(2_000) + "e5",
                "-" + "7".repeat(200_000), "1" + "0".repeat(1_001) + "d-3")) {
            cases.add(session("IonText number of " + number.length() + " characters", execute(
                    "\"SELECT * FROM Cars WHERE VIN = ?\"", ionTextParameter(number)), true));
        }
        // Arithmetic a huge decimal parameter makes impossible (BigDecimal's range): refused, not a 500.
        for (String number : List.of("1d999999999", "1d-999999999", "-1d2147483647")) {
            cases.add(session("Price + " + number, execute(quote("SELECT Price + ? FROM Cars"),
                    ionTextParameter(number)), true));
            cases.add(session("Price - " + number, execute(quote("SELECT Price - ? FROM Cars"),
                    ionTextParameter(number)), true));
        }
        // Bad UTF-8 in the JSON body: in a member name, a ledger name, a statement.
        for (Object[] bad : badUtf8()) {
            String name = (String) bad[0];
            byte[] bytes = (byte[]) bad[1];
            cases.add(session("bad UTF-8 " + name + " in LedgerName", s -> spliced(
                    "{\"StartSession\":{\"LedgerName\":\"host", bytes, "ile\"}}"), false));
            cases.add(session("bad UTF-8 " + name + " in a member name", s -> spliced(
                    "{\"StartSession\":{\"Ledger", bytes, "Name\":\"hostile\"}}"), false));
            cases.add(session("bad UTF-8 " + name + " in Statement", s -> spliced("{\"SessionToken\":\""
                    + s.token() + "\",\"ExecuteStatement\":{\"TransactionId\":\"" + s.transactionId()
                    + "\",\"Statement\":\"INSERT INTO Cars VALUE {'VIN': '", bytes, "'}\"}}"), true));
            cases.add(session("bad UTF-8 " + name + " in an IonBinary string", execute(
                    "\"INSERT INTO Cars ?\"", ionBinaryParameter(binaryString(bytes))), true));
        }
        // Unpaired surrogates as JSON escapes.
        for (String escape : List.of("\\ud800", "\\udc00", "\\ud800x", "x\\udfff", "\\ud800\\ud800")) {
            cases.add(session("surrogate " + escape + " in Statement", execute(
                    "\"INSERT INTO Cars VALUE {'VIN': '" + escape + "'}\"", null), true));
            cases.add(session("surrogate " + escape + " in IonText", execute(
                    "\"INSERT INTO Cars ?\"", "[{\"IonText\":\"\\\"" + escape + "\\\"\"}]"), true));
            cases.add(session("surrogate " + escape + " in LedgerName",
                    "{\"StartSession\":{\"LedgerName\":\"host" + escape + "\"}}"));
        }
        // Over-limit statements and parameters.
        cases.add(session("Statement of 100,001 characters", execute(
                quote("SELECT * FROM Cars WHERE VIN = '" + "x".repeat(100_001 - 33) + "'"), null), true));
        cases.add(session("Statement of 1,000,000 characters", execute(quote(" ".repeat(999_990) + "SELECT 1"),
                null), true));
        cases.add(session("empty Statement", execute("\"\"", null), true));
        cases.add(session("IonText of 1,048,577 characters", execute("\"INSERT INTO Cars ?\"",
                ionTextParameter("\"" + "x".repeat(1_048_575) + "\"")), true));
        cases.add(session("IonBinary of 131,073 bytes", execute("\"INSERT INTO Cars ?\"",
                "[{\"IonBinary\":\"" + base64(new byte[131_073]) + "\"}]"), true));
        cases.add(session("IonBinary not base64", execute("\"INSERT INTO Cars ?\"", "[{\"IonBinary\":\"%%%\"}]"),
                true));
        cases.add(session("IonBinary without version marker", execute("\"INSERT INTO Cars ?\"",
                "[{\"IonBinary\":\"" + base64(new byte[] {0x21, 0x01}) + "\"}]"), true));
        cases.add(session("IonBinary truncated", execute("\"INSERT INTO Cars ?\"",
                "[{\"IonBinary\":\"" + base64(new byte[] {(byte) 0xE0, 1, 0, (byte) 0xEA, (byte) 0x8E}) + "\"}]"),
                true));
        cases.add(session("IonBinary two values", execute("\"INSERT INTO Cars ?\"",
                "[{\"IonBinary\":\"" + base64(new byte[] {(byte) 0xE0, 1, 0, (byte) 0xEA, 0x21, 1, 0x21, 2}) + "\"}]"),
                true));
        cases.add(session("IonText two values", execute("\"INSERT INTO Cars ?\"", ionTextParameter("1 2")), true));
        cases.add(session("IonText empty", execute("\"INSERT INTO Cars ?\"", ionTextParameter("")), true));
        cases.add(session("IonText malformed", execute("\"INSERT INTO Cars ?\"", ionTextParameter("{a:")), true));
        cases.add(session("IonText symbol without text", execute("\"INSERT INTO Cars ?\"",
                ionTextParameter("$99")), true));
        // Tokens and ids.
        for (String token : List.of("", "abc", "x".repeat(1_025), "bad token!", "AAAAAAAAAAAAAAAAAAAA",
                "../../etc/passwd", "\\u0000\\u0000\\u0000\\u0000")) {
            cases.add(session("SessionToken '" + token.substring(0, Math.min(token.length(), 20)) + "' ("
                    + token.length() + ")", "{\"SessionToken\":" + quote(token) + ",\"StartTransaction\":{}}"));
        }
        for (String id : List.of("", "short", "x".repeat(23), "!!!!!!!!!!!!!!!!!!!!!!", "A".repeat(22))) {
            cases.add(session("TransactionId '" + id + "'", s -> utf8("{\"SessionToken\":\"" + s.token()
                    + "\",\"ExecuteStatement\":{\"TransactionId\":" + quote(id)
                    + ",\"Statement\":\"SELECT * FROM Cars\"}}"), true));
        }
        for (String digest : List.of("", "AAAA", base64(new byte[31]), base64(new byte[33]), "****",
                base64(new byte[32]))) {
            cases.add(session("CommitDigest '" + digest + "'", s -> utf8("{\"SessionToken\":\"" + s.token()
                    + "\",\"CommitTransaction\":{\"TransactionId\":\"" + s.transactionId() + "\",\"CommitDigest\":"
                    + quote(digest) + "}}"), true));
        }
        cases.add(session("FetchPage with a forged NextPageToken", s -> utf8("{\"SessionToken\":\"" + s.token()
                + "\",\"FetchPage\":{\"TransactionId\":\"" + s.transactionId() + "\",\"NextPageToken\":\"forged\"}}"),
                true));
        // Ledger names QLDB refuses.
        for (String ledger : LedgerNamesRefused.NAMES) {
            cases.add(session("StartSession on ledger '" + ledger + "'",
                    "{\"StartSession\":{\"LedgerName\":" + quote(ledger) + "}}"));
        }
        // Statements the engine refuses: bad table names, syntax, deep PartiQL, huge literals (never committed).
        for (String statement : EngineStatements.REFUSED) {
            cases.add(session("statement " + EngineStatements.describe(statement), execute(quote(statement), null),
                    true));
        }
    }
}
