package io.vellum.wallet.http;

import io.vellum.wallet.account.AccountHistory;
import io.vellum.wallet.account.BalanceRead;
import io.vellum.wallet.account.Receipt;
import io.vellum.wallet.account.SchemaChange;
import io.vellum.wallet.account.Wallet;
import io.vellum.wallet.account.WalletError;
import io.vellum.wallet.account.WalletException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** CreateTable, Index, CreateAccount, CheckFunds, AddFunds, WithdrawFunds, Transfer, History and Verify over HTTP. */
final class AccountEndpoints {
    /** History pages hold at most this many revisions. */
    static final int MAX_HISTORY_PAGE = 10_000;
    private static final int DEFAULT_HISTORY_PAGE = 1_000;

    private final Wallet wallet;

    AccountEndpoints(Wallet wallet) {
        this.wallet = wallet;
    }

    ApiResponse createTables(ApiRequest request) {
        return schemaResponse("tables", wallet.createTables());
    }

    ApiResponse createIndexes(ApiRequest request) {
        return schemaResponse("indexes", wallet.createIndexes());
    }

    /** 201 when this call created something, 200 when everything existed. */
    private static ApiResponse schemaResponse(String member, List<SchemaChange> changes) {
        boolean created = changes.stream().anyMatch(SchemaChange::created);
        return ApiResponse.json(created ? 201 : 200, WalletJson.schemaChanges(member, changes));
    }

    ApiResponse createAccount(ApiRequest request) {
        JsonBody body = JsonBody.parse(request.body(), Set.of("accountId", "txRequestId"));
        Receipt receipt = wallet.createAccount(body.requiredText("accountId"), body.optionalText("txRequestId"));
        return receiptResponse(201, receipt);
    }

    ApiResponse checkFunds(ApiRequest request) {
        BalanceRead read = wallet.checkFunds(request.pathParameter("accountId"));
        long version = read.account().version();
        ApiResponse response = EntityTag.matches(request.header("If-None-Match"), version)
                ? ApiResponse.empty(304) : ApiResponse.json(200, WalletJson.balance(read.account()));
        // no-cache: a client may keep the body but must revalidate, since the balance changes with every commit.
        return response.withHeader("ETag", EntityTag.of(version))
                .withHeader("Cache-Control", "no-cache")
                .withHeader("X-Cache", read.fromCache() ? "hit" : "miss");
    }

    ApiResponse addFunds(ApiRequest request) {
        JsonBody body = JsonBody.parse(request.body(), Set.of("amount", "txRequestId"));
        return receiptResponse(200, wallet.addFunds(request.pathParameter("accountId"),
                body.requiredDecimal("amount"), body.optionalText("txRequestId")));
    }

    ApiResponse withdrawFunds(ApiRequest request) {
        JsonBody body = JsonBody.parse(request.body(), Set.of("amount", "txRequestId"));
        return receiptResponse(200, wallet.withdrawFunds(request.pathParameter("accountId"),
                body.requiredDecimal("amount"), body.optionalText("txRequestId")));
    }

    ApiResponse transfer(ApiRequest request) {
        JsonBody body = JsonBody.parse(request.body(), Set.of("fromAccountId", "toAccountId", "amount",
                "txRequestId"));
        return receiptResponse(200, wallet.transfer(body.requiredText("fromAccountId"),
                body.requiredText("toAccountId"), body.requiredDecimal("amount"), body.optionalText("txRequestId")));
    }

    ApiResponse history(ApiRequest request) {
        long fromVersion = longParameter(request, "fromVersion", 0, 0, Long.MAX_VALUE);
        int limit = (int) longParameter(request, "limit", DEFAULT_HISTORY_PAGE, 1, MAX_HISTORY_PAGE);
        AccountHistory history = wallet.history(request.pathParameter("accountId"), fromVersion, limit);
        return ApiResponse.json(200, WalletJson.history(history, wallet.moneyRules().currencyCode()));
    }

    ApiResponse verify(ApiRequest request) {
        Long version = request.queryParameter("version") == null ? null
                : longParameter(request, "version", 0, 0, Long.MAX_VALUE);
        return ApiResponse.json(200, WalletJson.verification(wallet.verify(request.pathParameter("accountId"),
                version)));
    }

    private static ApiResponse receiptResponse(int status, Receipt receipt) {
        ApiResponse response = new ApiResponse(status, ApiResponse.JSON, Map.of(), WalletJson.receipt(receipt));
        return receipt.replayed() ? response.withHeader("Idempotent-Replayed", "true") : response;
    }

    private static long longParameter(ApiRequest request, String name, long fallback, long minimum, long maximum) {
        String text = request.queryParameter(name);
        if (text == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new WalletException(WalletError.INVALID_FIELD, name + " must be an integer, got '"
                    + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'", name);
        }
        if (value < minimum || value > maximum) {
            throw new WalletException(WalletError.INVALID_FIELD, name + " must be between " + minimum + " and "
                    + maximum + ", got " + value, name);
        }
        return value;
    }
}
