package io.vellum.wallet.http;

/**
 * CheckFunds' entity tag: the account document's version, which changes with every committed change of the
 * account, as a strong tag ({@code "3"}).
 */
final class EntityTag {
    private EntityTag() {
    }

    static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Whether an {@code If-None-Match} header matches the current version: {@code *}, or any listed tag (weak or
     * strong, since the weak comparison applies to If-None-Match) equal to it.
     */
    static boolean matches(String ifNoneMatch, long version) {
        if (ifNoneMatch == null) {
            return false;
        }
        String current = of(version);
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(current)) {
                return true;
            }
        }
        return false;
    }
}
