package io.vellum.wallet.profile;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where profiles are stored: a JDBC URL and its credentials.
 *
 * @param jdbcUrl  e.g. {@code jdbc:postgresql://db:5432/wallet} or {@code jdbc:h2:file:/data/profiles/profiles}
 * @param user     the database user, or null when the URL needs none
 * @param password the password, or null
 */
public record ProfileDatabase(String jdbcUrl, String user, String password) {
    public ProfileDatabase {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("a profile database URL starts with jdbc:, got " + jdbcUrl);
        }
    }

    /** The default: an H2 file database in {@code directory} (created when missing). */
    public static ProfileDatabase fileIn(Path directory) {
        return new ProfileDatabase("jdbc:h2:file:" + directory.toAbsolutePath().resolve("profiles"), null, null);
    }

    /** The URL without anything after ';' or '?', where drivers take passwords and options: safe to log. */
    public String describe() {
        int options = jdbcUrl.length();
        for (char separator : new char[] {';', '?'}) {
            int at = jdbcUrl.indexOf(separator);
            if (at >= 0) {
                options = Math.min(options, at);
            }
        }
        return jdbcUrl.substring(0, options);
    }

    @Override
    public String toString() {
        return "ProfileDatabase[" + describe() + (user == null ? "" : ", user " + user) + "]";
    }
}
