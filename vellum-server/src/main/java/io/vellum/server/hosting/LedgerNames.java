package io.vellum.server.hosting;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;

/**
 * QLDB's ledger-name rule (COMPATIBILITY.md §8.2): 1 to 32 characters, only ASCII letters, digits and hyphens, not all digits,
 * no leading or trailing hyphen, no two consecutive hyphens — the model's
 * {@code (?!^.*--)(?!^[0-9]+$)(?!^-)(?!.*-$)^[A-Za-z0-9-]+$}. Checked by hand so the error names the broken rule.
 */
public final class LedgerNames {
    public static final int MAXIMUM_LENGTH = 32;

    private LedgerNames() {
    }

    /** Which part of the rule {@code name} breaks, or null when it is a valid ledger name. */
    public static String violation(String name) {
        if (name == null || name.isEmpty()) {
            return "a ledger name must not be empty";
        }
        if (name.length() > MAXIMUM_LENGTH) {
            return "a ledger name has at most " + MAXIMUM_LENGTH + " characters, '" + name + "' has " + name.length();
        }
        boolean allDigits = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letterOrDigit = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!letterOrDigit && c != '-') {
                return "a ledger name may contain only letters, digits and hyphens; '" + name + "' contains '" + c + "'";
            }
            allDigits &= c >= '0' && c <= '9';
        }
        if (allDigits) {
            return "a ledger name must not consist of digits only: '" + name + "'";
        }
        if (name.startsWith("-") || name.endsWith("-")) {
            return "a ledger name must not start or end with a hyphen: '" + name + "'";
        }
        if (name.contains("--")) {
            return "a ledger name must not contain two consecutive hyphens: '" + name + "'";
        }
        return null;
    }

    /** Returns {@code name} when valid; otherwise throws INVALID_REQUEST naming the broken rule. */
    public static String requireValid(String name) {
        String violation = violation(name);
        if (violation != null) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "Invalid ledger name: " + violation);
        }
        return name;
    }
}
