package io.vellum.wallet;

import static io.vellum.wallet.WalletHttp.expect;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document is served and describes every operation the wallet routes. */
class OpenApiTest {
    @TempDir
    Path directory;

    @Test
    void servesTheDocumentWithEveryOperation() {
        try (TestWallet wallet = TestWallet.start(directory)) {
            WalletHttp.Answer answer = expect(wallet.http.get("/openapi.yaml"), 200);
            assertThat(answer.header("Content-Type")).startsWith("application/yaml");
            String document = answer.body();
            assertThat(document).startsWith("openapi: 3.");
            for (String path : List.of("/tables:", "/indexes:", "/accounts:", "/accounts/{accountId}/balance:",
                    "/accounts/{accountId}/deposits:", "/accounts/{accountId}/withdrawals:", "/transfers:",
                    "/accounts/{accountId}/history:", "/accounts/{accountId}/verification:",
                    "/accounts/{accountId}/profile:", "/health:", "/openapi.yaml:")) {
                assertThat(document).as(path).contains("\n  " + path + "\n");
            }
            for (String operation : List.of("CreateTable", "Index", "CreateAccount", "CheckFunds", "AddFunds",
                    "WithdrawFunds", "Transfer", "History", "Verify", "CreateProfile", "ReadProfile",
                    "UpdateProfile", "EraseProfile")) {
                assertThat(document).contains("operationId: " + operation + "\n");
            }
            for (io.vellum.wallet.account.WalletError code : io.vellum.wallet.account.WalletError.values()) {
                assertThat(document).as("error code " + code).contains(code.name());
            }
        }
    }
}
