package io.vellum.client;

import io.vellum.client.internal.HttpAnswer;
import io.vellum.testkit.vectors.QldbVectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The official QLDB Java driver 2.3.1's wire captures ({@code driver-wire/sdk-2.36.2/}): for every exchange, the
 * exact request body the driver sent and the answer that satisfied it. Read in place from the vectors folder.
 */
public final class DriverWireCapture {
    private static final String FOLDER = "driver-wire/sdk-2.36.2";
    private static final Pattern FILE_NAME = Pattern.compile("(.+)-(\\d+)-([A-Za-z]+)\\.txt");

    /** One request and its answer; {@code scenario} is e.g. {@code s4-occ-retry}, {@code command} e.g. {@code CommitTransaction}. */
    public record Exchange(String scenario, int sequence, String command, String requestBody, HttpAnswer answer) {
        @Override
        public String toString() {
            return scenario + " #" + sequence + " " + command;
        }
    }

    private DriverWireCapture() {
    }

    /** Every exchange of the capture, in the order the driver sent them. */
    public static List<Exchange> exchanges() {
        Path folder = QldbVectors.pathOrSkip(FOLDER);
        List<Exchange> exchanges = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher name = FILE_NAME.matcher(file.getFileName().toString());
                if (name.matches()) {
                    exchanges.add(parse(name.group(1), Integer.parseInt(name.group(2)), name.group(3),
                            Files.readString(file, StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        exchanges.sort(Comparator.comparingInt(Exchange::sequence));
        return exchanges;
    }

    /** The one exchange with sequence number {@code sequence}. */
    public static Exchange exchange(int sequence) {
        return exchanges().stream().filter(e -> e.sequence() == sequence).findFirst()
                .orElseThrow(() -> new IllegalStateException("no exchange #" + sequence + " in the capture"));
    }

    private static Exchange parse(String scenario, int sequence, String command, String text) {
        int responseStart = text.indexOf("### RESPONSE ");
        if (!text.startsWith("### REQUEST") || responseStart < 0) {
            throw new IllegalStateException("not a capture file: " + scenario + "-" + sequence);
        }
        String[] requestLines = text.substring(0, responseStart).split("\n");
        StringBuilder requestBody = new StringBuilder();
        boolean inBody = false;
        for (int i = 1; i < requestLines.length; i++) {
            String line = requestLines[i];
            if (!inBody) {
                inBody = line.isEmpty();
            } else if (!line.startsWith("#") && !line.isEmpty()) {
                requestBody.append(line);
            }
        }
        String[] responseLines = text.substring(responseStart).split("\n", -1);
        int status = Integer.parseInt(responseLines[0].substring("### RESPONSE ".length()).strip());
        Map<String, String> headers = new HashMap<>();
        int line = 1;
        for (; line < responseLines.length && !responseLines[line].isEmpty(); line++) {
            int colon = responseLines[line].indexOf(':');
            headers.put(responseLines[line].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    responseLines[line].substring(colon + 1).strip());
        }
        StringBuilder responseBody = new StringBuilder();
        for (line++; line < responseLines.length; line++) {
            responseBody.append(responseLines[line]);
        }
        return new Exchange(scenario, sequence, command, requestBody.toString(),
                new HttpAnswer(status, headers, responseBody.toString().strip().getBytes(StandardCharsets.UTF_8)));
    }
}
