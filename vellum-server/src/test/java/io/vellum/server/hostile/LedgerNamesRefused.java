package io.vellum.server.hostile;

import java.util.List;

/** Ledger names QLDB's rule refuses (1 to 32 letters, digits, hyphens; not all digits; no edge or double hyphen). */
final class LedgerNamesRefused {
    private LedgerNamesRefused() {
    }

    static final List<String> NAMES = List.of("", "a".repeat(33), "123", "-abc", "abc-", "a--b", "a b", "a_b",
            "a/b", "..", "a.b", "ledger\u00e9", "%2e%2e", "a\\b", "a\u0000b");
}
