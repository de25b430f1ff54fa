package io.vellum.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.engine.Ledger;
import io.vellum.engine.LedgerHealth;
import io.vellum.proof.block.LedgerDigest;
import io.vellum.error.LedgerException;
import io.vellum.server.hosting.DataDirectoryLock;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vellum status}: each ledger of a data directory, offline: its state, tip, journal and state-store size,
 * and whether the server has adopted it. Opens every ledger read-only (nothing changes) under the data directory
 * lock, so it reports a running server's directory as in use instead of reading it behind the server's back.
 */
@Command(name = "status", description = {"Show each ledger of a data directory: state, tip, sizes.",
        "Offline and read-only: while a server runs on the directory it says so (ask the server: GET /health)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every ledger is ACTIVE", "1:a ledger is not (or cannot be opened), or the directory is in"
                + " use", "2:bad arguments"})
final class StatusCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data", description = "data directory (default:"
            + " ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--json", description = "print one JSON object instead of a table, for scripts")
    boolean json;

    /** Where results go; tests replace it. */
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    /** One ledger's status; {@code problem} is null when it opened. */
    record LedgerStatus(String name, String state, Long tipSequenceNo, String digest, long journalBytes,
                        long stateBytes, boolean metadata, String problem) {
    }

    @Override
    public Integer call() {
        if (!Files.isDirectory(data)) {
            System.err.println("error: no data directory " + data + "; name it with --data");
            return 2;
        }
        DataDirectoryLock lock;
        try {
            lock = DataDirectoryLock.acquire(data);
        } catch (LedgerException e) {
            System.err.println("error: " + e.getMessage() + " (a running server answers GET /health, signed, with"
                    + " each ledger's state)");
            return 1;
        }
        List<LedgerStatus> ledgers = new ArrayList<>();
        try (lock) {
            for (Path directory : ledgerDirectories()) {
                ledgers.add(status(directory));
            }
        }
        if (json) {
            out.println(toJson(ledgers));
        } else {
            print(ledgers);
        }
        return ledgers.stream().allMatch(ledger -> "ACTIVE".equals(ledger.state())) ? 0 : 1;
    }

    private List<Path> ledgerDirectories() {
        Path ledgers = data.resolve("ledgers");
        if (!Files.isDirectory(ledgers)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(ledgers)) {
            return children.filter(child -> Files.isDirectory(child.resolve("journal")))
                    .filter(child -> !child.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + ledgers + ": " + e.getMessage(), e);
        }
    }

    private static LedgerStatus status(Path directory) {
        String name = directory.getFileName().toString();
        long journalBytes = size(directory.resolve("journal"));
        long stateBytes = size(directory.resolve("state"));
        boolean metadata = Files.isRegularFile(directory.resolve("ledger.json"));
        try (Ledger ledger = Ledger.openReadOnly(directory)) {
            LedgerHealth health = ledger.health();
            LedgerDigest digest = ledger.digest();
            String state = health.state() == LedgerHealth.State.HEALTHY ? "ACTIVE" : health.state().name();
            return new LedgerStatus(name, state, digest.tipAddress().sequenceNo(), digest.digest().toBase64(),
                    journalBytes, stateBytes, metadata, health.reason().orElse(null));
        } catch (LedgerException e) {
            return new LedgerStatus(name, "CANNOT_OPEN", null, null, journalBytes, stateBytes, metadata,
                    e.code() + ": " + e.getMessage());
        }
    }

    /** Bytes of the regular files under {@code directory}; 0 when absent. */
    private static long size(Path directory) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0; // a file RocksDB removed while we walked
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    private void print(List<LedgerStatus> ledgers) {
        out.println("Data directory " + data.toAbsolutePath().normalize() + " (not in use: no server runs on it)");
        if (ledgers.isEmpty()) {
            out.println("No ledgers (vellum shell or vellum serve --ledger NAME creates one).");
            return;
        }
        String format = "%-24s %-12s %10s %12s %12s  %s";
        out.println(String.format(Locale.ROOT, format, "LEDGER", "STATE", "TIP", "JOURNAL", "STATE STORE", "NOTE"));
        for (LedgerStatus ledger : ledgers) {
            String note = ledger.problem() != null ? ledger.problem()
                    : ledger.metadata() ? "" : "made without a server; vellum serve adopts it";
            out.println(String.format(Locale.ROOT, format, ledger.name(), ledger.state(),
                    ledger.tipSequenceNo() == null ? "-" : ledger.tipSequenceNo().toString(),
                    bytes(ledger.journalBytes()), bytes(ledger.stateBytes()), note).stripTrailing());
        }
    }

    /** A size as people read it: 512 B, 3.4 KiB, 12.0 MiB. */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private String toJson(List<LedgerStatus> ledgers) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("dataDirectory", data.toAbsolutePath().normalize().toString());
        ArrayNode array = root.putArray("ledgers");
        for (LedgerStatus ledger : ledgers) {
            ObjectNode node = array.addObject();
            node.put("name", ledger.name());
            node.put("state", ledger.state());
            if (ledger.tipSequenceNo() != null) {
                node.put("tipSequenceNo", ledger.tipSequenceNo());
                node.put("digest", ledger.digest());
            }
            node.put("journalBytes", ledger.journalBytes());
            node.put("stateStoreBytes", ledger.stateBytes());
            node.put("hasServerMetadata", ledger.metadata());
            if (ledger.problem() != null) {
                node.put("problem", ledger.problem());
            }
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
