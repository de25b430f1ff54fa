package io.vellum.wallet.http;

import io.vellum.wallet.account.Wallet;
import io.vellum.wallet.account.WalletError;
import io.vellum.wallet.account.WalletException;
import io.vellum.wallet.profile.Profile;
import io.vellum.wallet.profile.ProfileDetails;
import io.vellum.wallet.profile.ProfileStore;
import java.util.Set;

/**
 * Profile create, read, replace and erase. A profile can be created only for an account that exists in the ledger;
 * reading, replacing and erasing need only the profile, so a profile stays erasable whatever happens to the account.
 */
final class ProfileEndpoints {
    private static final Set<String> FIELDS = Set.of("name", "email", "phone");

    private final Wallet wallet;
    private final ProfileStore profiles;

    ProfileEndpoints(Wallet wallet, ProfileStore profiles) {
        this.wallet = wallet;
        this.profiles = profiles;
    }

    ApiResponse create(ApiRequest request) {
        String accountId = Wallet.requireAccountId(request.pathParameter("accountId"), "accountId");
        ProfileDetails details = details(request);
        if (!wallet.accountExists(accountId)) {
            throw new WalletException(WalletError.ACCOUNT_NOT_FOUND, "account " + accountId + " does not exist; "
                    + "create it before its profile", "accountId");
        }
        return ApiResponse.json(201, WalletJson.profile(profiles.create(accountId, details)));
    }

    ApiResponse read(ApiRequest request) {
        String accountId = Wallet.requireAccountId(request.pathParameter("accountId"), "accountId");
        Profile profile = profiles.find(accountId).orElseThrow(() -> new WalletException(
                WalletError.PROFILE_NOT_FOUND, "account " + accountId + " has no profile", "accountId"));
        return ApiResponse.json(200, WalletJson.profile(profile));
    }

    ApiResponse replace(ApiRequest request) {
        String accountId = Wallet.requireAccountId(request.pathParameter("accountId"), "accountId");
        return ApiResponse.json(200, WalletJson.profile(profiles.update(accountId, details(request))));
    }

    ApiResponse erase(ApiRequest request) {
        String accountId = Wallet.requireAccountId(request.pathParameter("accountId"), "accountId");
        if (!profiles.erase(accountId)) {
            throw new WalletException(WalletError.PROFILE_NOT_FOUND, "account " + accountId + " has no profile",
                    "accountId");
        }
        return ApiResponse.empty(204);
    }

    private static ProfileDetails details(ApiRequest request) {
        JsonBody body = JsonBody.parse(request.body(), FIELDS);
        return new ProfileDetails(body.requiredText("name"), body.optionalText("email"), body.optionalText("phone"));
    }
}
