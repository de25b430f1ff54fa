package io.vellum.server.exports;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Amazon S3's naming rules for general purpose buckets, checked because a bucket name becomes a directory name
 * ({@code <exports directory>/<bucket>/}): 3 to 63 characters of lower-case letters, digits, '.' and '-', starting
 * and ending with a letter or digit, no two adjacent periods, not an IPv4 address, none of the reserved prefixes
 * ({@code xn--}, {@code sthree-}, {@code amzn-s3-demo-}) or suffixes ({@code -s3alias}, {@code --ol-s3},
 * {@code .mrap}, {@code --x-s3}, {@code --table-s3}). The rules also make every valid name a safe, portable
 * directory name that never starts with '.', so it cannot collide with the exports directory's own
 * {@code .descriptions}.
 */
public final class BucketNames {
    public static final int MINIMUM_LENGTH = 3;
    public static final int MAXIMUM_LENGTH = 63;
    private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
    private static final List<String> RESERVED_SUFFIXES = List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3",
            "--table-s3");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private BucketNames() {
    }

    /** Which S3 rule {@code name} breaks, or null when it is a valid bucket name. */
    public static String violation(String name) {
        if (name == null || name.length() < MINIMUM_LENGTH || name.length() > MAXIMUM_LENGTH) {
            return "a bucket name has " + MINIMUM_LENGTH + " to " + MAXIMUM_LENGTH + " characters, got '" + name + "'";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
                return "a bucket name may contain only lower-case letters, digits, '.' and '-'; '" + name
                        + "' contains '" + c + "'";
            }
        }
        if (!Character.isLetterOrDigit(name.charAt(0)) || !Character.isLetterOrDigit(name.charAt(name.length() - 1))) {
            return "a bucket name must start and end with a letter or digit: '" + name + "'";
        }
        if (name.contains("..")) {
            return "a bucket name must not contain two adjacent periods: '" + name + "'";
        }
        if (IP_ADDRESS.matcher(name).matches()) {
            return "a bucket name must not be formatted as an IP address: '" + name + "'";
        }
        for (String prefix : RESERVED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return "bucket names starting with '" + prefix + "' are reserved by Amazon S3: '" + name + "'";
            }
        }
        for (String suffix : RESERVED_SUFFIXES) {
            if (name.endsWith(suffix)) {
                return "bucket names ending with '" + suffix + "' are reserved by Amazon S3: '" + name + "'";
            }
        }
        return null;
    }

    /** Returns {@code name} when valid; otherwise throws INVALID_REQUEST naming the broken rule. */
    public static String requireValid(String name) {
        String violation = violation(name);
        if (violation != null) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "Invalid S3 bucket name: " + violation);
        }
        return name;
    }
}
