package io.vellum.wallet.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EntityTagTest {
    @Test
    void matchesTheVersionWeakOrStrongInAListOrAStar() {
        assertThat(EntityTag.of(3)).isEqualTo("\"3\"");
        assertThat(EntityTag.matches("\"3\"", 3)).isTrue();
        assertThat(EntityTag.matches("W/\"3\"", 3)).isTrue();
        assertThat(EntityTag.matches("\"1\", \"3\"", 3)).isTrue();
        assertThat(EntityTag.matches("*", 3)).isTrue();
        assertThat(EntityTag.matches("\"4\"", 3)).isFalse();
        assertThat(EntityTag.matches("3", 3)).isFalse();
        assertThat(EntityTag.matches("\"33\"", 3)).isFalse();
        assertThat(EntityTag.matches(null, 3)).isFalse();
    }
}
