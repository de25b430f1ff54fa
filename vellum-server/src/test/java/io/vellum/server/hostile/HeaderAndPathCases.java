package io.vellum.server.hostile;

import static io.vellum.server.hostile.HostileInputs.utf8;

import io.vellum.server.hostile.BadInputSuiteTest.Api;
import io.vellum.server.hostile.BadInputSuiteTest.Case;
import java.util.List;
import java.util.Map;

/**
 * Hostile headers (X-Amz-Target, content types, sizes) and paths that Jetty itself refuses before any API sees them
 * (broken percent-escapes, {@code ..}, over-long URIs and headers): the answer must still be the API's JSON error.
 */
final class HeaderAndPathCases {
    private static final String START = "{\"StartSession\":{\"LedgerName\":\"" + BadInputSuiteTest.LEDGER + "\"}}";

    private HeaderAndPathCases() {
    }

    static void add(List<Case> cases) {
        for (String target : List.of("QLDBSession.Nope", "", "QLDBSession", "qldbsession.sendcommand",
                "QLDBSession.SendCommand.", "x".repeat(2_000), "QLDB_20190102.CreateLedger")) {
            cases.add(new Case("X-Amz-Target '" + abbreviate(target) + "'", Api.SESSION, "POST", "/",
                    Map.of("Content-Type", "application/x-amz-json-1.0", "X-Amz-Target", target),
                    s -> utf8(START), false));
        }
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            cases.add(new Case("SendCommand by " + method, Api.SESSION, method, "/", BadInputSuiteTest.SESSION_HEADERS,
                    s -> utf8(START), false));
        }
        for (String contentType : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "application/x-amz-json-1.0; charset=ISO-8859-1", "application/json; charset=utf-16",
                "multipart/form-data; boundary=x")) {
            cases.add(new Case("Content-Type '" + contentType + "'", Api.SESSION, "POST", "/",
                    Map.of("Content-Type", contentType, "X-Amz-Target", "QLDBSession.SendCommand"),
                    s -> utf8(START), false));
        }
        for (String contentType : List.of("application/json; charset=utf-16", "text/plain; charset=latin1")) {
            cases.add(new Case("native Content-Type '" + contentType + "'", Api.NATIVE, "POST",
                    "/v1/ledgers/" + BadInputSuiteTest.LEDGER + "/statements", Map.of("Content-Type", contentType),
                    s -> utf8("{\"statement\":\"SELECT * FROM Cars\"}"), false));
            cases.add(new Case("control Content-Type '" + contentType + "'", Api.CONTROL, "POST", "/ledgers",
                    Map.of("Content-Type", contentType),
                    s -> utf8("{\"Name\":\"fresh-seven\",\"PermissionsMode\":\"STANDARD\"}"), false));
        }
        // Bodies over 8 MiB on every API.
        byte[] huge = new byte[(8 << 20) + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        cases.add(new Case("body over 8 MiB", Api.SESSION, "POST", "/", BadInputSuiteTest.SESSION_HEADERS,
                s -> huge, false));
        cases.add(new Case("body over 8 MiB", Api.NATIVE, "POST", "/v1/ledgers/" + BadInputSuiteTest.LEDGER
                + "/statements", BadInputSuiteTest.JSON_HEADERS, s -> huge, false));
        cases.add(new Case("body over 8 MiB", Api.CONTROL, "POST", "/ledgers", BadInputSuiteTest.JSON_HEADERS,
                s -> huge, false));
        // Paths Jetty itself refuses, on each API's prefix.
        for (String path : List.of("/v1/ledgers/%zz/digest", "/v1/ledgers/%/digest", "/v1/ledgers/../../etc/passwd",
                "/v1/ledgers/%2e%2e/%2e%2e/x", "/v1/ledgers/a%5C..%5Cb/digest", "/v1/" + "a/".repeat(5_000),
                "/v1/ledgers/x;jsessionid=1/digest", "/v1/ledgers/a//b/digest", "/v1/ledgers/%u0041/digest")) {
            cases.add(new Case("path " + abbreviate(path), Api.ANY, "GET", path, Map.of(), s -> new byte[0],
                    false));
        }
        for (String path : List.of("/ledgers/%zz/digest", "/ledgers/%", "/ledgers/../../etc/passwd",
                "/ledgers/%2e%2e/x", "/" + "a".repeat(20_000), "/ledgers/%C0%AE%C0%AE/digest",
                "/ledgers/x%00y/digest")) {
            cases.add(new Case("control path " + abbreviate(path), Api.ANY, "GET", path, Map.of(),
                    s -> new byte[0], false));
        }
        // Over-large and malformed headers.
        cases.add(new Case("control header of 64 KiB", Api.ANY, "GET", "/ledgers", Map.of("X-Filler", "f".repeat(65_536)),
                s -> new byte[0], false));
        cases.add(new Case("native header of 64 KiB", Api.ANY, "GET", "/v1/ledgers", Map.of("X-Filler", "f".repeat(65_536)),
                s -> new byte[0], false));
        // Framing Jetty refuses: a second, non-numeric Content-Length; chunked together with a length; control bytes.
        for (Map<String, String> framing : List.<Map<String, String>>of(Map.of("content-length", "abc"),
                Map.of("content-length", "5"), Map.of("Transfer-Encoding", "chunked"),
                Map.of("Transfer-Encoding", "gzip, identity"), Map.of("X-Bad", "a\u0001b"),
                Map.of("X-Bad\u0000", "v"), Map.of("Host", "a b"))) {
            String name = framing.toString().replace("\u0001", "^A").replace("\u0000", "NUL");
            cases.add(new Case("framing " + name, Api.ANY, "POST", "/ledgers", framing, s -> utf8("{}"), false));
        }
        cases.add(new Case("Authorization garbage", Api.CONTROL, "GET", "/ledgers",
                Map.of("Authorization", "AWS4-HMAC-SHA256 garbage"), s -> new byte[0], false));
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
