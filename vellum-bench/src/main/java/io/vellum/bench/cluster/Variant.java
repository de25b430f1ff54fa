package io.vellum.bench.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One configuration of the cluster's commit path measured in a run: system properties that a writer term or a
 * follower reads when it starts (e.g. {@code vellum.cluster.pipelineDepth}), set before the phase's ledger is
 * created. Given as {@code -Dvellum.bench.variants="name:key=value,key=value;name2:key=value"}; none means one
 * variant with the defaults. Phases of the variants alternate within a run, so their rates are comparable.
 */
record Variant(int index, String name, Map<String, String> properties) {
    static List<Variant> parse(String specification) {
        List<Variant> variants = new ArrayList<>();
        for (String part : specification.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int colon = part.indexOf(':');
            String name = colon < 0 ? part.trim() : part.substring(0, colon).trim();
            Map<String, String> properties = new LinkedHashMap<>();
            if (colon >= 0) {
                for (String setting : part.substring(colon + 1).split(",")) {
                    int equals = setting.indexOf('=');
                    if (equals > 0) {
                        properties.put(setting.substring(0, equals).trim(), setting.substring(equals + 1).trim());
                    }
                }
            }
            variants.add(new Variant(variants.size() + 1, name, properties));
        }
        if (variants.isEmpty()) {
            variants.add(new Variant(1, "defaults", Map.of()));
        }
        return variants;
    }

    /** Sets this variant's properties, clearing those another variant set that this one does not. */
    void apply() {
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("vellum.cluster.") && !properties.containsKey(key) && !BASE.containsKey(key)) {
                System.clearProperty(key);
            }
        }
        BASE.forEach(System::setProperty);
        properties.forEach(System::setProperty);
    }

    /** The vellum.cluster.* properties given on the command line, kept under every variant unless it overrides them. */
    private static final Map<String, String> BASE = new LinkedHashMap<>();

    static {
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("vellum.cluster.")) {
                BASE.put(key, System.getProperty(key));
            }
        }
    }
}
