package io.vellum.wallet.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link FlatJsonObject} reads a body only when the mapper would read the same tree from it, and leaves every other
 * body to the mapper: random bodies built from JSON's tokens, valid and broken, compared with the mapper's reading.
 */
class FlatJsonObjectTest {
    @Test
    void aTransferBodyIsReadAsTheMapperReadsIt() throws Exception {
        String body = " {\"fromAccountId\" : \"acct-0001\",\n\t\"toAccountId\":\"acct-0002\",\r\"amount\":\"1.00\"} ";
        ObjectNode read = FlatJsonObject.read(bytes(body));
        assertThat(read).isNotNull().isEqualTo(WalletJson.MAPPER.readTree(body));
        assertThat(read.fieldNames()).toIterable().containsExactly("fromAccountId", "toAccountId", "amount");
        assertThat(FlatJsonObject.read(bytes("{}"))).isEqualTo(WalletJson.MAPPER.readTree("{}"));
    }

    @Test
    void leavesEverythingElseToTheMapper() {
        for (String body : new String[] {"", " ", "[]", "\"a\"", "{", "{\"a\":\"b\"", "{\"a\":\"b\",}", "{,}",
                "{\"a\":\"b\"}x", "{\"a\":\"b\"}{}", "{\"a\":\"b\",\"a\":\"c\"}", "{\"a\":1}", "{\"a\":null}",
                "{\"a\":true}", "{\"a\":{}}", "{\"a\":[]}", "{\"a\":\"b\\\"\"}", "{\"a\\u0062\":\"c\"}",
                "{\"a\":\"\u00e9\"}", "{\"a\":\"\u007f\"}", "{\"a\":\"\t\"}", "{'a':'b'}", "{a:\"b\"}",
                "\u00ef\u00bb\u00bf{}", "{\"a\"\"b\"}", "{\"a\":\"b\"\"c\":\"d\"}", "{\u000b}",
                "{\"a\":\"" + "x".repeat(FlatJsonObject.MAX_BYTES) + "\"}"}) {
            assertThat(FlatJsonObject.read(body.getBytes(StandardCharsets.UTF_8))).as(body).isNull();
        }
    }

    @Test
    void readsOnlyWhatTheMapperReadsTheSame() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int read = 0;
        for (int n = 0; n < 100_000; n++) {
            String body = body(random);
            ObjectNode flat = FlatJsonObject.read(bytes(body));
            if (flat == null) {
                continue;
            }
            read++;
            JsonNode mapper;
            try {
                mapper = WalletJson.MAPPER.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("seed " + seed + ": read " + body + " which the mapper refuses", e);
            }
            assertThat(flat).as("seed " + seed + ": " + body).isEqualTo(mapper);
            assertThat(flat.fieldNames()).toIterable().as("seed " + seed + ": " + body)
                    .containsExactlyElementsOf(() -> mapper.fieldNames());
        }
        assertThat(read).as("seed " + seed + ": bodies read here").isGreaterThan(1_000);
    }

    /** A sequence of JSON tokens that mostly forms a flat object of strings, with random breakage. */
    private static String body(Random random) {
        List<String> tokens = new ArrayList<>();
        tokens.add("{");
        int members = random.nextInt(5);
        for (int i = 0; i < members; i++) {
            if (i > 0) {
                tokens.add(",");
            }
            tokens.add(string(random));
            tokens.add(":");
            tokens.add(random.nextInt(10) == 0 ? value(random) : string(random));
        }
        tokens.add("}");
        if (random.nextInt(4) == 0) { // break it: drop, repeat or replace a token, or add one after the end
            int at = random.nextInt(tokens.size());
            switch (random.nextInt(4)) {
                case 0 -> tokens.remove(at);
                case 1 -> tokens.add(at, tokens.get(at));
                case 2 -> tokens.set(at, value(random));
                default -> tokens.add(value(random));
            }
        }
        StringBuilder body = new StringBuilder();
        for (String token : tokens) {
            body.append(whitespace(random)).append(token);
        }
        return body.append(whitespace(random)).toString();
    }

    private static String string(Random random) {
        String[] names = {"a", "b", "amount", "x y", "1.00", "", "-"};
        if (random.nextInt(8) == 0) {
            String[] odd = {"\\\"", "\\n", "\\u0041", "\u00e9", "\t", "\u007f", "\\\\"};
            return "\"" + names[random.nextInt(names.length)] + odd[random.nextInt(odd.length)] + "\"";
        }
        return "\"" + names[random.nextInt(names.length)] + "\"";
    }

    private static String value(Random random) {
        String[] values = {"1", "1.5", "-2e3", "null", "true", "false", "{}", "[]", "[\"a\"]", "{\"a\":\"b\"}", "\"",
                "'a'", "x", ",", ":", "{", "}"};
        return values[random.nextInt(values.length)];
    }

    private static String whitespace(Random random) {
        String[] spaces = {"", "", "", " ", "\n", "\t", "\r", "  ", "\u000b", "\u00a0"};
        return spaces[random.nextInt(spaces.length)];
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
