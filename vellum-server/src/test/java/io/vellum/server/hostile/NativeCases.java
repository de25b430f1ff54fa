package io.vellum.server.hostile;

import static io.vellum.server.hostile.BadInputSuiteTest.badUtf8;
import static io.vellum.server.hostile.BadInputSuiteTest.nativeCase;
import static io.vellum.server.hostile.BadInputSuiteTest.nestedBinary;
import static io.vellum.server.hostile.BadInputSuiteTest.nestedIonText;
import static io.vellum.server.hostile.BadInputSuiteTest.nestedJsonArrays;
import static io.vellum.server.hostile.BadInputSuiteTest.nestedJsonObjects;
import static io.vellum.server.hostile.BadInputSuiteTest.spliced;
import static io.vellum.server.hostile.HostileInputs.quote;
import static io.vellum.server.hostile.HostileInputs.utf8;

import com.amazon.ion.IonType;
import io.vellum.server.hostile.BadInputSuiteTest.Case;
import java.io.ByteArrayOutputStream;
import java.util.List;

/** Hostile requests to the native API under {@code /v1}. */
final class NativeCases {
    private static final String STATEMENTS = "/v1/ledgers/" + BadInputSuiteTest.LEDGER + "/statements";

    private NativeCases() {
    }

    static void add(List<Case> cases) {
        String valid = "{\"statement\":\"SELECT * FROM Cars WHERE VIN = ?\",\"parameters\":[\"x\"]}";
        for (int length = 0; length < valid.length(); length += 3) {
            cases.add(statement("truncated body at " + length, valid.substring(0, length)));
        }
        for (String body : List.of("null", "[]", "1", "\"SELECT 1\"", "true", "{}", "{\"statement\":null}",
                "{} {}", "{\"statement\":\"SELECT * FROM Cars\"} 1", "<xml/>", "{statement:", "{\"statement\"}")) {
            cases.add(statement("not one JSON object: " + body, body));
        }
        for (String value : List.of("1", "true", "[]", "{}", "1e999999999", "2019-01-01T", "{{aGk=}}")) {
            cases.add(statement("statement as " + value, "{\"statement\":" + value + "}"));
            cases.add(statement("parameters as " + value, "{\"statement\":\"SELECT * FROM Cars\",\"parameters\":"
                    + (value.equals("[]") ? "\"[]\"" : value) + "}"));
            cases.add(nativeCase("create ledger with name as " + value, "POST", "/v1/ledgers",
                    utf8("{\"name\":" + value + "}")));
        }
        cases.add(statement("unknown field", "{\"statement\":\"SELECT * FROM Cars\",\"limit\":1}"));
        cases.add(statement("missing statement", "{\"parameters\":[]}"));
        cases.add(statement("duplicate statement",
                "{\"statement\":\"SELECT * FROM Cars\",\"statement\":\"DELETE FROM Cars\"}"));
        cases.add(statement("duplicate statement, Ion text",
                "{statement:\"SELECT * FROM Cars\",statement:\"DELETE FROM Cars\"}"));
        cases.add(statement("duplicate parameters",
                "{\"statement\":\"SELECT * FROM Cars\",\"parameters\":[],\"parameters\":[1]}"));
        cases.add(nativeCase("create ledger duplicate name", "POST", "/v1/ledgers",
                utf8("{\"name\":\"good-one\",\"name\":\"bad name\"}")));
        cases.add(nativeCase("create ledger unknown field", "POST", "/v1/ledgers",
                utf8("{\"name\":\"good-two\",\"color\":\"red\"}")));
        cases.add(nativeCase("create ledger missing name", "POST", "/v1/ledgers", utf8("{}")));
        for (String name : LedgerNamesRefused.NAMES) {
            cases.add(nativeCase("create ledger named '" + name.replace("\u0000", "NUL") + "'", "POST",
                    "/v1/ledgers", utf8("{\"name\":" + quote(name).replace("\u0000", "\\u0000") + "}")));
        }
        for (String extra : List.of("\"tags\":{\"" + "k".repeat(129) + "\":\"v\"}", "\"tags\":{\"k\":1}",
                "\"tags\":{\"k\":\"" + "v".repeat(257) + "\"}", "\"tags\":[\"k\"]", "\"tags\":{\"k\":\"a\",\"k\":\"b\"}",
                "\"deletionProtection\":\"no\"", "\"permissionsMode\":\"OPEN\"", "\"permissionsMode\":1")) {
            cases.add(nativeCase("create ledger with " + (extra.length() <= 50 ? extra : extra.substring(0, 50)
                    + "… (" + extra.length() + ")"), "POST", "/v1/ledgers", utf8("{\"name\":\"extra\"," + extra + "}")));
        }
        cases.add(nativeCase("create ledger that exists", "POST", "/v1/ledgers",
                utf8("{\"name\":\"" + BadInputSuiteTest.LEDGER + "\"}")));
        // Deep nesting: JSON, Ion text, Ion binary bodies.
        for (int depth : new int[] {101, 4_000, 100_000}) {
            cases.add(statement("JSON arrays " + depth + " deep in parameters",
                    "{\"statement\":\"SELECT * FROM Cars WHERE VIN = ?\",\"parameters\":[" + nestedJsonArrays(depth)
                            + "]}"));
            cases.add(statement("JSON objects " + depth + " deep in parameters",
                    "{\"statement\":\"SELECT * FROM Cars WHERE VIN = ?\",\"parameters\":[" + nestedJsonObjects(depth)
                            + "]}"));
            cases.add(statement("JSON arrays " + depth + " deep as the body", nestedJsonArrays(depth)));
        }
        for (int depth : new int[] {3_000, 10_000}) {
            for (IonType type : List.of(IonType.LIST, IonType.SEXP, IonType.STRUCT)) {
                cases.add(statement("Ion text " + type + " " + depth + " deep in parameters",
                        "{statement:\"SELECT * FROM Cars WHERE VIN = ?\",parameters:[" + nestedIonText(depth, type)
                                + "]}"));
                cases.add(nativeCase("Ion binary " + type + " " + depth + " deep as the body", "POST", STATEMENTS,
                        nestedBinary(depth, type)));
            }
        }
        // Huge numbers.
        for (String number : List.of("9".repeat(5_000), "1." + "0".repeat(5_000), "-" + "7".repeat(300_000),
                "1" + "0".repeat(2_000) + "e5", "1" + "0".repeat(1_001) + "d-3")) {
            cases.add(statement("number of " + number.length() + " characters in parameters",
                    "{\"statement\":\"SELECT * FROM Cars WHERE VIN = ?\",\"parameters\":[" + number + "]}"));
        }
        for (String number : List.of("1d999999999", "1d-999999999")) {
            cases.add(statement("Price + " + number, "{statement:\"SELECT Price + ? FROM Cars\",parameters:[" + number
                    + "]}"));
        }
        // Bad encodings.
        for (Object[] bad : badUtf8()) {
            String name = (String) bad[0];
            byte[] bytes = (byte[]) bad[1];
            cases.add(nativeCase("bad UTF-8 " + name + " in a parameter string", "POST", STATEMENTS, spliced(
                    "{\"statement\":\"INSERT INTO Cars ?\",\"parameters\":[{\"VIN\":\"a", bytes, "b\"}]}")));
            cases.add(nativeCase("bad UTF-8 " + name + " in the statement", "POST", STATEMENTS, spliced(
                    "{\"statement\":\"INSERT INTO Cars VALUE {'VIN': '", bytes, "'}\"}")));
            cases.add(nativeCase("bad UTF-8 " + name + " in Ion binary body", "POST", STATEMENTS,
                    ionBinaryStatementWithBadString(bytes)));
        }
        for (String escape : List.of("\\ud800", "\\udc00", "\\ud800x")) {
            cases.add(statement("surrogate " + escape + " in a parameter",
                    "{\"statement\":\"INSERT INTO Cars ?\",\"parameters\":[{\"VIN\":\"" + escape + "\"}]}"));
            cases.add(statement("surrogate " + escape + " in the statement",
                    "{\"statement\":\"INSERT INTO Cars VALUE {'VIN': '" + escape + "'}\"}"));
        }
        cases.add(statement("statement of 100,001 characters", "{\"statement\":"
                + quote("SELECT * FROM Cars WHERE VIN = '" + "x".repeat(100_001 - 33) + "'") + "}"));
        for (String statement : EngineStatements.REFUSED) {
            if (!statement.startsWith("CREATE") && !statement.startsWith("INSERT") && !statement.startsWith("UPDATE")
                    && !statement.startsWith("DELETE") && !statement.startsWith("DROP")
                    && !statement.startsWith("UNDROP") && !statement.startsWith("EXEC")) {
                // Statements that would write if the engine accepted them run on the Session API (never committed).
                cases.add(statement("statement " + EngineStatements.describe(statement),
                        "{\"statement\":" + quote(statement).replace("\u0000", "\\u0000") + "}"));
            }
        }
        // Resources and parameters in the path and query.
        String ledger = "/v1/ledgers/" + BadInputSuiteTest.LEDGER;
        for (String path : List.of("/v1/nope", "/v1/ledgers/nope-nope", "/v1/ledgers/nope-nope/digest",
                ledger + "/nope", ledger + "/blocks/abc", ledger + "/blocks/-1", ledger + "/blocks/99999999999999999999",
                ledger + "/blocks/100000", ledger + "/blocks/1?tip=abc", ledger + "/blocks/1?tip=0",
                ledger + "/revisions/abc?blockSequenceNo=1", ledger + "/revisions/" + "A".repeat(22),
                ledger + "/revisions/" + "A".repeat(22) + "?blockSequenceNo=x",
                ledger + "/revisions/" + "A".repeat(22) + "?blockSequenceNo=1&tip=-5",
                ledger + "/documents/bad-table/AAAAAAAAAAAAAAAAAAAAAA/history",
                ledger + "/documents/Cars/AAAAAAAAAAAAAAAAAAAAAA/history",
                ledger + "/documents/" + "T".repeat(200) + "/x/history",
                ledger + "/stream?fromBlock=abc", ledger + "/stream?fromBlock=-1",
                ledger + "/digest?x=%C3%28", "/v1/ledgers/%C3%28/digest", "/v1/ledgers/%00/digest",
                "/v1/ledgers/a%2F..%2F..%2Fetc/digest", "/v1/ledgers/" + "x".repeat(300) + "/digest",
                "/v1/ledgers/123/digest", "/v1/ledgers/a--b/digest", "/v1/ledgers/%2e%2e/digest")) {
            cases.add(nativeCase("GET " + abbreviate(path), "GET", path, new byte[0]));
        }
        for (String lastEventId : List.of("abc", "-1", "9223372036854775807", "99999999999999999999", "1 2", "0x10")) {
            cases.add(new Case("stream with Last-Event-ID " + lastEventId, BadInputSuiteTest.Api.NATIVE, "GET",
                    ledger + "/stream", java.util.Map.of("Last-Event-ID", lastEventId), s -> new byte[0], false));
        }
        for (String[] methodPath : new String[][] {{"DELETE", ledger + "/digest"}, {"PUT", "/v1/ledgers"},
                {"PATCH", STATEMENTS}, {"GET", STATEMENTS}, {"DELETE", ledger}, {"POST", ledger + "/digest"},
                {"TRACE", "/v1/ledgers"}, {"PROPFIND", "/v1/ledgers"}, {"OPTIONS", STATEMENTS}}) {
            cases.add(nativeCase(methodPath[0] + " " + methodPath[1], methodPath[0], methodPath[1], new byte[0]));
        }
    }

    private static Case statement(String name, String body) {
        return nativeCase(name, "POST", STATEMENTS, utf8(body));
    }

    /** An Ion binary body {statement: "INSERT INTO Cars ?", parameters: ["<bad UTF-8>"]}. */
    private static byte[] ionBinaryStatementWithBadString(byte[] bad) {
        // Symbol table: statement = $10, parameters = $11.
        byte[] statement = utf8("INSERT INTO Cars ?");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xE0, 1, 0, (byte) 0xEA});
        byte[] symbols = symbolTable("statement", "parameters");
        out.writeBytes(symbols);
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        fields.write(0x8A); // field $10
        fields.writeBytes(typed(0x80, statement));
        fields.write(0x8B); // field $11
        fields.writeBytes(typed(0xB0, typed(0x80, bad)));
        out.writeBytes(typed(0xD0, fields.toByteArray()));
        return out.toByteArray();
    }

    private static byte[] symbolTable(String... symbols) {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (String symbol : symbols) {
            list.writeBytes(typed(0x80, utf8(symbol)));
        }
        ByteArrayOutputStream struct = new ByteArrayOutputStream();
        struct.write(0x87); // field "symbols" ($7)
        struct.writeBytes(typed(0xB0, list.toByteArray()));
        byte[] body = typed(0xD0, struct.toByteArray());
        // annotation wrapper $ion_symbol_table ($3): E<len> <annot_length=1> 0x83 <value>
        ByteArrayOutputStream wrapper = new ByteArrayOutputStream();
        wrapper.write(0x81);
        wrapper.write(0x83);
        wrapper.writeBytes(body);
        return typed(0xE0, wrapper.toByteArray());
    }

    /** An Ion binary value with type nibble {@code type} and {@code content}, with a VarUInt length when >= 14. */
    private static byte[] typed(int type, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (content.length < 14) {
            out.write(type | content.length);
        } else {
            out.write(type | 14);
            int length = content.length;
            if (length >= 128) {
                out.write((length >> 7) & 0x7F);
            }
            out.write((length & 0x7F) | 0x80);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static String abbreviate(String text) {
        return text.length() <= 90 ? text : text.substring(0, 90) + "…";
    }
}
