package io.vellum.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A unit-test transport that answers each Session API command with the next scripted answer, after checking that the
 * client sent the scripted command. It knows nothing of QLDB semantics (no tables, no transactions): behaviour against
 * a real server is what the integration tests check.
 */
final class ScriptedTransport implements SessionTransport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Step(String command, Function<JsonNode, HttpAnswer> answer, IOException failure) {
    }

    private final Deque<Step> steps = new ArrayDeque<>();
    private final List<String> sent = new ArrayList<>();

    /** The commands the client sent, in order. */
    List<String> sentCommands() {
        return sent;
    }

    boolean finished() {
        return steps.isEmpty();
    }

    ScriptedTransport answer(String command, String resultJson) {
        steps.add(new Step(command, request -> ok("{\"" + command + "\":" + resultJson + "}"), null));
        return this;
    }

    ScriptedTransport startSession(String token) {
        return answer("StartSession", "{\"SessionToken\":\"" + token + "\"}");
    }

    ScriptedTransport startTransaction(String transactionId) {
        return answer("StartTransaction", "{\"TransactionId\":\"" + transactionId + "\"}");
    }

    /** ExecuteStatement answered with Ion text values and an optional next-page token. */
    ScriptedTransport page(String command, String nextPageToken, String... ionTextValues) {
        StringBuilder values = new StringBuilder();
        for (String value : ionTextValues) {
            values.append(values.length() == 0 ? "" : ",").append("{\"IonText\":").append(quote(value)).append('}');
        }
        String page = "{\"Values\":[" + values + "]" + (nextPageToken == null ? "" : ",\"NextPageToken\":\""
                + nextPageToken + "\"") + "}";
        return answer(command, "{\"" + (command.equals("ExecuteStatement") ? "FirstPage" : "Page") + "\":" + page + "}");
    }

    ScriptedTransport commitEcho() {
        steps.add(new Step("CommitTransaction",
                request -> ok("{\"CommitTransaction\":" + request.path("CommitTransaction") + "}"), null));
        return this;
    }

    ScriptedTransport abort() {
        return answer("AbortTransaction", "{}");
    }

    ScriptedTransport error(String command, int status, String type, String message) {
        String body = "{\"__type\":\"" + type + "\",\"Message\":" + quote(message) + "}";
        steps.add(new Step(command,
                request -> new HttpAnswer(status, Map.of(), body.getBytes(StandardCharsets.UTF_8)), null));
        return this;
    }

    ScriptedTransport noAnswer(String command) {
        steps.add(new Step(command, null, new ConnectException("Connection refused")));
        return this;
    }

    @Override
    public HttpAnswer send(byte[] requestBody) throws IOException {
        JsonNode request = JSON.readTree(requestBody);
        String command = null;
        for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("SessionToken")) {
                command = name;
            }
        }
        sent.add(command);
        Step step = steps.poll();
        if (step == null || !step.command().equals(command)) {
            throw new AssertionError("client sent " + command + " but the script expects "
                    + (step == null ? "nothing more" : step.command()) + "; sent so far: " + sent);
        }
        if (step.failure() != null) {
            throw step.failure();
        }
        return step.answer().apply(request);
    }

    private static HttpAnswer ok(String body) {
        return new HttpAnswer(200, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
