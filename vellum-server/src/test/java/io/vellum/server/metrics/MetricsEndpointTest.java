package io.vellum.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.server.ServerConfig;
import io.vellum.server.VellumServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} over HTTP, without a signature, parsed line by line as Prometheus text format 0.0.4: every line
 * is a HELP, a TYPE or a sample of a declared family; histogram buckets are cumulative and end at the count.
 */
class MetricsEndpointTest {
    private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram)");
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{" + LABEL + "(?:," + LABEL
            + ")*\\})? (-?[0-9]+(?:\\.[0-9]+)?(?:E-?[0-9]+)?|NaN|[+-]Inf)");

    @TempDir
    Path directory;
    private VellumServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = VellumServer.start(ServerConfig.defaults(directory).withInsecureNoAuth(true));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(server.endpoint().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Samples by their full name with labels (e.g. {@code vellum_ledger_up{ledger="bank"}}). */
    private static Map<String, Double> parse(String exposition) {
        Map<String, String> types = new HashMap<>();
        Set<String> helped = new HashSet<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        assertThat(exposition).endsWith("\n");
        for (String line : exposition.split("\n")) {
            Matcher help = HELP.matcher(line);
            Matcher type = TYPE.matcher(line);
            Matcher sample = SAMPLE.matcher(line);
            if (help.matches()) {
                assertThat(helped.add(help.group(1))).as("one HELP per family: " + line).isTrue();
            } else if (type.matches()) {
                assertThat(helped).as("HELP before TYPE: " + line).contains(type.group(1));
                assertThat(types.put(type.group(1), type.group(2))).as("one TYPE per family: " + line).isNull();
            } else {
                assertThat(sample.matches()).as("a sample line: '" + line + "'").isTrue();
                String name = sample.group(1);
                String family = types.containsKey(name) ? name : name.replaceFirst("_(bucket|sum|count)$", "");
                assertThat(types).as("family declared before " + line).containsKey(family);
                String value = sample.group(3);
                samples.put(name + (sample.group(2) == null ? "" : sample.group(2)),
                        value.endsWith("Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(value));
            }
        }
        return samples;
    }

    @Test
    void exposesServerAndLedgerMetricsInTextFormat() throws IOException, InterruptedException {
        assertThat(send("POST", "/v1/ledgers", "{\"name\": \"bank\"}").statusCode()).isEqualTo(201);
        assertThat(send("POST", "/v1/ledgers/bank/statements", "{\"statement\": \"CREATE TABLE T\"}").statusCode())
                .isEqualTo(200);
        assertThat(send("POST", "/v1/ledgers/bank/statements", "{\"statement\": \"INSERT INTO T VALUE {'a': 1}\"}")
                .statusCode()).isEqualTo(200);
        assertThat(send("GET", "/ledgers/none", null).statusCode()).isEqualTo(404);

        HttpResponse<String> response = send("GET", "/metrics", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(MetricsEndpoint.CONTENT_TYPE);
        Map<String, Double> samples = parse(response.body());

        assertThat(samples).containsEntry("vellum_requests_total{endpoint=\"native\"}", 3.0)
                .containsEntry("vellum_responses_total{endpoint=\"native\",status=\"200\"}", 2.0)
                .containsEntry("vellum_responses_total{endpoint=\"native\",status=\"201\"}", 1.0)
                .containsEntry("vellum_responses_total{endpoint=\"control\",status=\"404\"}", 1.0)
                .containsEntry("vellum_errors_total{type=\"ResourceNotFoundException\"}", 1.0)
                .containsEntry("vellum_commits_total", 2.0)
                .containsEntry("vellum_occ_conflicts_total", 0.0)
                .containsEntry("vellum_sessions_active", 0.0)
                .containsEntry("vellum_ledger_up{ledger=\"bank\"}", 1.0)
                .containsEntry("vellum_ledger_commits_total{ledger=\"bank\"}", 2.0)
                .containsEntry("vellum_ledger_tip_sequence_number{ledger=\"bank\"}", 2.0);
        assertThat(samples.get("vellum_ledger_journal_bytes{ledger=\"bank\"}")).isPositive();
        assertThat(samples).containsKey("vellum_ledger_state_store_bytes{ledger=\"bank\"}");

        List<Double> buckets = samples.entrySet().stream()
                .filter(sample -> sample.getKey().startsWith("vellum_commit_latency_seconds_bucket"))
                .map(Map.Entry::getValue).toList();
        assertThat(buckets).hasSizeGreaterThan(2).isSorted();
        assertThat(samples).containsKey("vellum_commit_latency_seconds_bucket{le=\"0.0005\"}");
        assertThat(buckets.get(buckets.size() - 1)).isEqualTo(samples.get("vellum_commit_latency_seconds_count"))
                .isEqualTo(2.0);
        assertThat(samples.get("vellum_commit_latency_seconds_sum")).isPositive();
    }

    @Test
    void answersGetAndHeadOnly() throws IOException, InterruptedException {
        HttpResponse<String> post = send("POST", "/metrics", "");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        HttpResponse<String> head = send("HEAD", "/metrics", null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(parse(send("GET", "/metrics", null).body()))
                .containsEntry("vellum_responses_total{endpoint=\"metrics\",status=\"405\"}", 1.0);
    }

    @Test
    void labelValuesAreEscaped() {
        PrometheusText text = new PrometheusText();
        text.family("x_total", "counter", "A test family.");
        text.sample("x_total", 1, "label", "a\"b\\c\nd");
        assertThat(text.toString()).endsWith("x_total{label=\"a\\\"b\\\\c\\nd\"} 1\n");
        assertThat(parse(text.toString())).containsKey("x_total{label=\"a\\\"b\\\\c\\nd\"}");
        assertThat(URI.create("http://x/metrics").getPath()).isEqualTo("/metrics");
    }
}
