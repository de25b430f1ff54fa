package io.vellum.wallet.profile;

import io.vellum.wallet.account.WalletError;
import io.vellum.wallet.account.WalletException;
import java.util.regex.Pattern;

/**
 * The personal data of a profile. {@code name} is required (1–200 characters, no control characters); {@code email}
 * (at most 254 characters, {@code local@domain.tld}) and {@code phone} (digits with an optional leading '+', spaces,
 * parentheses and dashes, 3–32 characters) may be null.
 */
public record ProfileDetails(String name, String email, String phone) {
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()-]{2,31}");

    /** @throws WalletException naming the field that breaks its rule */
    public ProfileDetails {
        if (name == null) {
            throw new WalletException(WalletError.MISSING_FIELD, "name is required", "name");
        }
        if (name.isBlank() || name.length() > 200 || CONTROL.matcher(name).find()) {
            throw new WalletException(WalletError.INVALID_FIELD, "name must be 1-200 characters without control "
                    + "characters and not blank", "name");
        }
        if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            throw new WalletException(WalletError.INVALID_FIELD, "email must look like name@example.com (at most 254 "
                    + "characters)", "email");
        }
        if (phone != null && !PHONE.matcher(phone).matches()) {
            throw new WalletException(WalletError.INVALID_FIELD, "phone must be 3-32 digits with an optional leading "
                    + "'+', spaces, parentheses and dashes", "phone");
        }
    }
}
