package io.vellum.wallet.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How a request path is split into route segments (split by hand since session 10, no longer with a stream): empty
 * segments dropped, each segment percent-decoded on its own, so an encoded '/' stays inside its segment.
 */
class ApiRequestSegmentsTest {
    private static List<String> segments(String path) {
        return new ApiRequest("GET", path, Map.of(), Map.of(), Set.of(), Map.of(), new byte[0]).segments();
    }

    @Test
    void splitsOnSlashesAndDropsEmptySegments() {
        assertThat(segments("/accounts/alice/balance")).containsExactly("accounts", "alice", "balance");
        assertThat(segments("//accounts///alice/balance/")).containsExactly("accounts", "alice", "balance");
        assertThat(segments("/transfers")).containsExactly("transfers");
        assertThat(segments("/")).isEmpty();
        assertThat(segments("")).isEmpty();
    }

    @Test
    void decodesEachSegmentOnItsOwn() {
        assertThat(segments("/accounts/alice%2Fbob/balance")).containsExactly("accounts", "alice/bob", "balance");
        assertThat(segments("/accounts/al%20ice/balance")).containsExactly("accounts", "al ice", "balance");
        assertThat(segments("/accounts/%2e%2e/balance")).containsExactly("accounts", "..", "balance");
    }
}
