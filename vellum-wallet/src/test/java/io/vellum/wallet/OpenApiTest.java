package io.vellum.wallet;

import static io.vellum.wallet.WalletHttp.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.wallet.http.OpenApiDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served OpenAPI document against the running wallet: a scenario calls every operation, successfully and with
 * each kind of refusal it can meet, and every answer must be documented for its operation: the status, and every
 * field of its JSON body. Every documented field must turn up in some answer, and every operation must be called.
 * (OpenApiRoutesTest holds the document to the router's routes and the error codes' statuses.)
 */
class OpenApiTest {
    @TempDir
    Path directory;

    private OpenApiDocument document;
    private final OpenApiDocument.Coverage coverage = new OpenApiDocument.Coverage();
    private final Set<String> called = new TreeSet<>();
    private final List<String> problems = new ArrayList<>();

    @Test
    void everyAnswerOfEveryOperationIsDocumented() {
        try (TestWallet wallet = TestWallet.start(directory)) {
            WalletHttp http = wallet.http;
            WalletHttp.Answer served = expect(http.get("/openapi.yaml"), 200);
            assertThat(served.header("Content-Type")).startsWith("application/yaml");
            assertThat(served.body()).isEqualTo(OpenApiDocument.resourceText()).startsWith("openapi: 3.");
            document = OpenApiDocument.parse(served.body());
            check("GET", "/openapi.yaml", served);

            call(http, "GET", "/health", null, 200);
            call(http, "GET", "/health?verbose=1", null, 400);
            call(http, "POST", "/accounts", "{\"accountId\":\"alice\"}", 409);
            call(http, "POST", "/indexes", "", 409);
            call(http, "GET", "/accounts/alice/balance", null, 409);
            call(http, "POST", "/tables", "", 201);
            call(http, "POST", "/tables", "", 200);
            call(http, "POST", "/tables?force=true", "", 400);
            call(http, "POST", "/indexes", "", 201);
            call(http, "POST", "/indexes", "", 200);

            call(http, "POST", "/accounts", "{\"accountId\":\"alice\",\"txRequestId\":\"open-alice\"}", 201);
            call(http, "POST", "/accounts", "{\"accountId\":\"alice\",\"txRequestId\":\"open-alice\"}", 201);
            call(http, "POST", "/accounts", "{\"accountId\":\"bob\"}", 201);
            call(http, "POST", "/accounts", "{\"accountId\":\"alice\"}", 409);
            call(http, "POST", "/accounts", "{\"accountId\":\"carol\",\"txRequestId\":\"open-alice\"}", 422);
            call(http, "POST", "/accounts", "{\"accountId\":\"a@b\"}", 400);
            call(http, "POST", "/accounts", oversized("accountId"), 413);

            String deposits = "/accounts/alice/deposits";
            call(http, "POST", deposits, "{\"amount\":\"100.50\",\"txRequestId\":\"dep-1\"}", 200);
            call(http, "POST", deposits, "{\"amount\":\"100.50\",\"txRequestId\":\"dep-1\"}", 200);
            call(http, "POST", deposits, "{\"amount\":\"1.00\",\"txRequestId\":\"dep-1\"}", 422);
            call(http, "POST", deposits, "{\"amount\":\"-1\"}", 400);
            call(http, "POST", deposits, "{\"amount\":1,\"amout\":2}", 400);
            call(http, "POST", "/accounts/nobody/deposits", "{\"amount\":\"1\"}", 404);
            call(http, "POST", deposits, oversized("amount"), 413);

            String withdrawals = "/accounts/alice/withdrawals";
            call(http, "POST", withdrawals, "{\"amount\":\"40.25\",\"txRequestId\":\"wd-1\"}", 200);
            call(http, "POST", withdrawals, "{\"amount\":\"1.00\",\"txRequestId\":\"dep-1\"}", 422);
            call(http, "POST", withdrawals, "{\"amount\":\"1000\"}", 409);
            call(http, "POST", withdrawals, "{\"amount\":\"0.001\"}", 400);
            call(http, "POST", "/accounts/nobody/withdrawals", "{\"amount\":\"1\"}", 404);
            call(http, "POST", withdrawals, oversized("amount"), 413);

            String transfer = "{\"fromAccountId\":\"alice\",\"toAccountId\":\"bob\",\"amount\":\"10.00\"";
            call(http, "POST", "/transfers", transfer + ",\"txRequestId\":\"tr-1\"}", 200);
            call(http, "POST", "/transfers", transfer + ",\"txRequestId\":\"dep-1\"}", 422);
            call(http, "POST", "/transfers", "{\"fromAccountId\":\"alice\",\"toAccountId\":\"bob\",\"amount\":\"999\"}",
                    409);
            call(http, "POST", "/transfers", "{\"fromAccountId\":\"alice\",\"amount\":\"1\"}", 400);
            call(http, "POST", "/transfers", "{\"fromAccountId\":\"alice\",\"toAccountId\":\"nobody\",\"amount\":1}",
                    404);
            call(http, "POST", "/transfers", oversized("amount"), 413);

            WalletHttp.Answer balance = call(http, "GET", "/accounts/alice/balance", null, 200);
            called.add("GET /accounts/{accountId}/balance");
            check("GET", "/accounts/alice/balance", http.get("/accounts/alice/balance", "If-None-Match",
                    balance.header("ETag")));
            call(http, "GET", "/accounts/nobody/balance", null, 404);
            call(http, "GET", "/accounts/bad%20id/balance", null, 400);

            call(http, "GET", "/accounts/alice/history", null, 200);
            call(http, "GET", "/accounts/alice/history?fromVersion=1&limit=1", null, 200);
            call(http, "GET", "/accounts/alice/history?limit=0", null, 400);
            call(http, "GET", "/accounts/alice/history?limt=5", null, 400);
            call(http, "GET", "/accounts/alice/history?limit=1&limit=5", null, 400);
            call(http, "GET", "/accounts/nobody/history", null, 404);

            call(http, "GET", "/accounts/alice/verification", null, 200);
            call(http, "GET", "/accounts/alice/verification?version=0", null, 200);
            call(http, "GET", "/accounts/alice/verification?version=99", null, 404);
            call(http, "GET", "/accounts/alice/verification?verison=1", null, 400);
            call(http, "GET", "/accounts/nobody/verification", null, 404);

            String profile = "/accounts/alice/profile";
            call(http, "POST", profile, "{\"name\":\"Alice\",\"email\":\"alice@example.com\",\"phone\":\"+1 555\"}",
                    201);
            call(http, "POST", profile, "{\"name\":\"Alice\"}", 409);
            call(http, "POST", profile, "{\"name\":\"\"}", 400);
            call(http, "POST", "/accounts/nobody/profile", "{\"name\":\"Nobody\"}", 404);
            call(http, "POST", profile, oversized("name"), 413);
            call(http, "GET", profile, null, 200);
            call(http, "GET", "/accounts/bad%20id/profile", null, 400);
            call(http, "PUT", profile, "{\"name\":\"Alice B\"}", 200);
            call(http, "PUT", profile, "{\"email\":\"x@example.com\"}", 400);
            call(http, "PUT", profile, oversized("name"), 413);
            call(http, "DELETE", profile, null, 204);
            call(http, "DELETE", profile, null, 404);
            call(http, "DELETE", "/accounts/bad%20id/profile", null, 400);
            call(http, "GET", profile, null, 404);
            call(http, "PUT", profile, "{\"name\":\"Alice\"}", 404);

            // Who may call: unsigned, from a foreign web page, not declared JSON.
            byte[] body = (transfer + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            check("POST", "/transfers", expect(http.unsigned().send("POST", "/transfers", body, "Content-Type",
                    "application/json"), 401));
            check("GET", "/accounts/alice/balance", expect(http.unsigned().get("/accounts/alice/balance"), 401));
            check("POST", "/transfers", expect(http.send("POST", "/transfers", body, "Content-Type",
                    "application/json", "Origin", "https://evil.example"), 403));
            check("GET", "/health", expect(http.get("/health", "Origin", "https://evil.example"), 403));
            check("POST", "/transfers", expect(http.send("POST", "/transfers", body, "Content-Type", "text/plain"),
                    415));
            check("PUT", profile, expect(http.send("PUT", profile, "{\"name\":\"A\"}".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)), 415));
        }
        assertThat(problems).isEmpty();
        assertThat(called).as("operations the scenario called").isEqualTo(document.operations());
        assertThat(coverage.neverSeen()).as("documented fields no answer carried").isEmpty();
    }

    /** Sends a request, requires the expected status, and holds the answer to the document. */
    private WalletHttp.Answer call(WalletHttp http, String method, String path, String body, int status) {
        WalletHttp.Answer answer = expect(http.send(method, path, body), status);
        check(method, path, answer);
        return answer;
    }

    private void check(String method, String path, WalletHttp.Answer answer) {
        String template = document.pathTemplate(path);
        String operation = method + " " + template;
        if (template == null || !document.operations().contains(operation)) {
            problems.add(method + " " + path + " is not a documented operation");
            return;
        }
        called.add(operation);
        String status = String.valueOf(answer.status());
        if (!document.statuses(method, template).contains(status)) {
            problems.add(operation + " answered " + answer + ", but " + status + " is not documented for it");
            return;
        }
        Map<String, Object> schema = document.responseSchema(method, template, status);
        String contentType = answer.header("Content-Type");
        if (schema == null) {
            if (contentType != null && contentType.startsWith("application/json")) {
                problems.add(operation + " " + status + " has a JSON body, but none is documented: " + answer);
            }
            return;
        }
        if (contentType == null || !contentType.startsWith("application/json")) {
            problems.add(operation + " " + status + " must answer JSON as documented, got " + contentType);
        }
        for (String field : document.undocumentedFields(answer.json(), schema, operation + " " + status, coverage)) {
            problems.add(operation + " " + status + " carries undocumented field " + field + ": " + answer);
        }
    }

    private static String oversized(String field) {
        return "{\"" + field + "\": \"" + "x".repeat(20_000) + "\"}";
    }
}
