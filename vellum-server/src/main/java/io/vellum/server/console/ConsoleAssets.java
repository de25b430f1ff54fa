package io.vellum.server.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's files, read once from the jar ({@code io/vellum/server/console/}). Only the names listed here are
 * served: a request names a file of this fixed set or gets 404, so no path from a request ever reaches the class
 * loader. Immutable and thread-safe.
 */
final class ConsoleAssets {
    /** Every file of the console, in the order a reader meets them. */
    static final List<String> NAMES = List.of("index.html", "console.css", "app.js", "api.js", "sigv4.js",
            "ion-text.js", "ion-hash.js", "ion-binary.js", "verifier.js", "block-verifier.js", "transaction.js",
            "highlight.js", "pages.js", "diff.js", "favicon.svg");
    private static final String FOLDER = "/io/vellum/server/console/";

    /** One file: its media type and bytes. */
    record Asset(String contentType, byte[] body) {
    }

    private final Map<String, Asset> assets;

    private ConsoleAssets(Map<String, Asset> assets) {
        this.assets = assets;
    }

    /** Reads every file of {@link #NAMES}; a missing one is a packaging bug and fails the server's start. */
    static ConsoleAssets load() {
        Map<String, Asset> assets = new LinkedHashMap<>();
        for (String name : NAMES) {
            try (InputStream in = ConsoleAssets.class.getResourceAsStream(FOLDER + name)) {
                if (in == null) {
                    throw new IllegalStateException("the console file " + name + " is missing from the jar");
                }
                assets.put(name, new Asset(contentType(name), in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the console file " + name, e);
            }
        }
        return new ConsoleAssets(Map.copyOf(assets));
    }

    /** The file called {@code name}, or null when the console has none. */
    Asset get(String name) {
        return assets.get(name);
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        throw new IllegalArgumentException("no media type for console file " + name);
    }
}
