package io.vellum.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VariantTest {
    @Test
    void variantsAreNamedPropertySetsInTheGivenOrder() {
        List<Variant> variants = Variant.parse(
                "fetch50:vellum.cluster.followerFetchWaitMs=50; fetch500:vellum.cluster.followerFetchWaitMs=500,"
                        + "vellum.cluster.pipelineDepth=2");

        assertThat(variants).containsExactly(
                new Variant(1, "fetch50", Map.of("vellum.cluster.followerFetchWaitMs", "50")),
                new Variant(2, "fetch500", Map.of("vellum.cluster.followerFetchWaitMs", "500",
                        "vellum.cluster.pipelineDepth", "2")));
    }

    @Test
    void noSpecificationIsOneVariantWithTheDefaults() {
        assertThat(Variant.parse("")).containsExactly(new Variant(1, "defaults", Map.of()));
    }

    @Test
    void applyingAVariantClearsWhatTheOtherOneSet() {
        List<Variant> variants = Variant.parse("a:vellum.cluster.testOnlyA=1;b:vellum.cluster.testOnlyB=2");
        try {
            variants.get(0).apply();
            variants.get(1).apply();

            assertThat(System.getProperty("vellum.cluster.testOnlyA")).isNull();
            assertThat(System.getProperty("vellum.cluster.testOnlyB")).isEqualTo("2");
        } finally {
            System.clearProperty("vellum.cluster.testOnlyA");
            System.clearProperty("vellum.cluster.testOnlyB");
        }
    }
}
