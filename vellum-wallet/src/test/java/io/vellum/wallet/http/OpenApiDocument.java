package io.vellum.wallet.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The wallet's OpenAPI document read as data, for tests that hold it to what the server really does: its operations,
 * their parameters and responses, and the fields its schemas name. Only the subset of OpenAPI the document uses is
 * understood ({@code $ref} within the document, {@code allOf}, {@code oneOf}, {@code items}, {@code properties}).
 */
public final class OpenApiDocument {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch", "head", "options");

    private final Map<String, Object> root;

    private OpenApiDocument(Map<String, Object> root) {
        this.root = root;
    }

    /** Parses YAML text; duplicate keys are an error (a repeated status code would silently replace the first). */
    public static OpenApiDocument parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new OpenApiDocument(map(new Yaml(new SafeConstructor(options)).load(yaml), "document"));
    }

    /** The document in the wallet's resources, as served. */
    public static String resourceText() {
        try (InputStream in = WalletHttpServer.class.getResourceAsStream(WalletHttpServer.OPENAPI_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every operation as {@code "GET /accounts/{accountId}/balance"}. */
    public Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        paths().forEach((path, item) -> map(item, path).keySet().stream().filter(METHODS::contains)
                .forEach(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        return operations;
    }

    /** The documented path template a concrete path matches, or null. */
    public String pathTemplate(String concretePath) {
        String path = concretePath.contains("?") ? concretePath.substring(0, concretePath.indexOf('?')) : concretePath;
        String[] segments = path.split("/");
        for (String template : paths().keySet()) {
            String[] expected = template.split("/");
            if (expected.length != segments.length) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < expected.length && matches; i++) {
                matches = expected[i].startsWith("{") || expected[i].equals(segments[i]);
            }
            if (matches) {
                return template;
            }
        }
        return null;
    }

    /** The operation's documented response statuses ("200", "404", …). */
    public Set<String> statuses(String method, String pathTemplate) {
        return new TreeSet<>(responses(method, pathTemplate).keySet());
    }

    /** Names of the operation's parameters that are {@code in} the given place (query, path, header). */
    public Set<String> parameters(String method, String pathTemplate, String in) {
        List<Object> parameters = new ArrayList<>(list(map(paths().get(pathTemplate), pathTemplate)
                .getOrDefault("parameters", List.of()), "parameters"));
        parameters.addAll(list(operation(method, pathTemplate).getOrDefault("parameters", List.of()), "parameters"));
        Set<String> names = new TreeSet<>();
        for (Object parameter : parameters) {
            Map<String, Object> resolved = resolve(map(parameter, "parameter"));
            if (in.equals(resolved.get("in"))) {
                names.add((String) resolved.get("name"));
            }
        }
        return names;
    }

    /** The JSON schema of a documented response, or null when it has no JSON body. */
    public Map<String, Object> responseSchema(String method, String pathTemplate, String status) {
        Map<String, Object> response = resolve(map(responses(method, pathTemplate).get(status), status));
        if (!(response.get("content") instanceof Map<?, ?> content)
                || !(content.get("application/json") instanceof Map<?, ?> json)) {
            return null;
        }
        return map(json.get("schema"), "schema");
    }

    /** A component of the document by JSON pointer ({@code #/components/responses/BadRequest}). */
    public Map<String, Object> component(String pointer) {
        Object node = root;
        for (String part : pointer.substring(2).split("/")) {
            node = map(node, pointer).get(part);
        }
        return map(node, pointer);
    }

    /** The component responses ({@code BadRequest}, …) with their descriptions. */
    public Map<String, String> responseDescriptions() {
        Map<String, String> descriptions = new TreeMap<>();
        map(component("#/components/responses"), "responses").forEach((name, response) ->
                descriptions.put(name, (String) map(response, name).get("description")));
        return descriptions;
    }

    /** For each status of the operation, the component response it refers to (BadRequest, …), if any. */
    public Map<String, String> responseReferences(String method, String pathTemplate) {
        Map<String, String> references = new TreeMap<>();
        responses(method, pathTemplate).forEach((status, response) -> {
            Object ref = map(response, status).get("$ref");
            if (ref instanceof String pointer) {
                references.put(status, pointer.substring(pointer.lastIndexOf('/') + 1));
            }
        });
        return references;
    }

    /**
     * Checks a JSON body against a schema for field names: every member of every object must be a property the
     * schema names there. Returns the undocumented members found, as paths; records the documented and the seen
     * properties of every named schema (or of the inline schema, under {@code where}) in {@code coverage}.
     */
    public List<String> undocumentedFields(JsonNode body, Map<String, Object> schema, String where,
                                           Coverage coverage) {
        List<String> problems = new ArrayList<>();
        check(body, schema, "", where, problems, coverage);
        return problems;
    }

    /** Which properties of which named schemas the bodies checked so far carried. */
    public static final class Coverage {
        private final Map<String, Set<String>> documented = new TreeMap<>();
        private final Map<String, Set<String>> seen = new TreeMap<>();

        void record(String where, Set<String> documentedHere, Iterator<String> seenHere) {
            documented.computeIfAbsent(where, key -> new TreeSet<>()).addAll(documentedHere);
            Set<String> names = seen.computeIfAbsent(where, key -> new TreeSet<>());
            seenHere.forEachRemaining(names::add);
        }

        /** Properties documented but never seen in a body, as {@code Schema.path.property}. */
        public Set<String> neverSeen() {
            Set<String> missing = new TreeSet<>();
            documented.forEach((where, names) -> names.stream().filter(name -> !seen.get(where).contains(name))
                    .forEach(name -> missing.add(where + "." + name)));
            return missing;
        }
    }

    private void check(JsonNode value, Map<String, Object> schema, String path, String where, List<String> problems,
                       Coverage coverage) {
        if (value == null || value.isNull() || schema == null) {
            return;
        }
        if (schema.get("$ref") instanceof String pointer) {
            check(value, component(pointer), "", pointer.substring(pointer.lastIndexOf('/') + 1), problems, coverage);
            return;
        }
        if (schema.containsKey("oneOf")) {
            return; // Only used for amount inputs, which are scalars.
        }
        if (value.isArray()) {
            if (schema.get("items") != null) {
                for (JsonNode item : value) {
                    check(item, map(schema.get("items"), "items"), path + "[]", where, problems, coverage);
                }
            }
            return;
        }
        if (!value.isObject()) {
            if (schema.get("allOf") != null) {
                for (Object part : list(schema.get("allOf"), "allOf")) {
                    check(value, map(part, "allOf"), path, where, problems, coverage);
                }
            }
            return;
        }
        Map<String, Object> properties = properties(schema);
        if (properties.isEmpty()) {
            return; // A free-form object.
        }
        coverage.record(where + path, properties.keySet(), value.fieldNames());
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.properties().iterator(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!properties.containsKey(field.getKey())) {
                problems.add(where + path + "." + field.getKey());
            } else {
                check(field.getValue(), map(properties.get(field.getKey()), field.getKey()),
                        path + "." + field.getKey(), where, problems, coverage);
            }
        }
    }

    /** The properties of an object schema, with those of every {@code allOf} part merged in. */
    private Map<String, Object> properties(Map<String, Object> schema) {
        Map<String, Object> resolved = resolve(schema);
        Map<String, Object> properties = new LinkedHashMap<>(map(resolved.getOrDefault("properties", Map.of()),
                "properties"));
        for (Object part : list(resolved.getOrDefault("allOf", List.of()), "allOf")) {
            properties.putAll(properties(map(part, "allOf")));
        }
        return properties;
    }

    private Map<String, Object> resolve(Map<String, Object> node) {
        return node.get("$ref") instanceof String pointer ? resolve(component(pointer)) : node;
    }

    private Map<String, Object> paths() {
        return map(root.get("paths"), "paths");
    }

    private Map<String, Object> operation(String method, String pathTemplate) {
        Object item = map(paths().get(pathTemplate), pathTemplate).get(method.toLowerCase(Locale.ROOT));
        return map(item, method + " " + pathTemplate);
    }

    private Map<String, Object> responses(String method, String pathTemplate) {
        return map(operation(method, pathTemplate).get("responses"), "responses of " + method + " " + pathTemplate);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map<?, ?>)) {
            throw new AssertionError("OpenAPI: " + what + " must be a map, got " + value);
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        ((Map<Object, Object>) value).forEach((key, item) -> copy.put(String.valueOf(key), item));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value, String what) {
        if (!(value instanceof List<?>)) {
            throw new AssertionError("OpenAPI: " + what + " must be a list, got " + value);
        }
        return (List<Object>) value;
    }
}
