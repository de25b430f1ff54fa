package io.vellum.cluster;

import static io.vellum.cluster.ReplicaChecks.awaitWithin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.testkit.kafka.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The writer election with static membership on a real broker: a member that stopped heartbeating without leaving
 * (what a SIGKILLed node leaves behind) is evicted and its partitions move at once; a member that restarts under its
 * id gets its partitions back; a second process under the same id fences the first, which stops cleanly; an evicted
 * live member rejoins. Sessions here are {@value #SESSION_MS} ms and every wait at most half of that, so a partition
 * that moved within a wait was moved by the eviction, never by a session that expired.
 */
class WriterElectionEvictionTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(1);
    private static final int SESSION_MS = 60_000;
    private static final Duration WAIT = Duration.ofMillis(SESSION_MS / 2);

    private final List<WriterElection> elections = new ArrayList<>();

    @AfterEach
    void leave() throws Exception {
        for (WriterElection election : elections) {
            election.close();
        }
        // Members left behind by abandon() would hold partitions for the next test until their session expired.
        try (Admin admin = admin()) {
            try {
                admin.removeMembersFromConsumerGroup(WriterElection.GROUP, new RemoveMembersFromConsumerGroupOptions())
                        .all().get();
            } catch (java.util.concurrent.ExecutionException e) {
                // an empty group has no member to remove
            }
        }
    }

    @Test
    void aMemberThatStoppedHeartbeatingIsEvictedAndItsPartitionsMoveAtOnce() throws Exception {
        WriterElection a = start("evict-a", true);
        WriterElection b = start("evict-b", true);
        awaitSettled(a, b);
        Set<Integer> ofA = a.assigned();

        a.abandon(); // as a SIGKILL: no leave, the group keeps the member for its session
        assertThat(members()).contains("evict-a");
        assertThat(b.assigned()).doesNotContainAnyElementsOf(ofA);

        assertThat(b.evict("evict-a", "test: its process is gone")).isTrue();
        awaitWithin(WAIT, "evict-b holds every partition after evicting evict-a",
                () -> b.assigned().size() == WriterElection.PARTITIONS);
        assertThat(members()).doesNotContain("evict-a");
        assertThat(b.evict("evict-a", "test: again")).as("a member removed already").isFalse();
    }

    @Test
    void aNodeRestartingUnderItsIdWithinTheSessionGetsItsPartitionsBack() throws Exception {
        WriterElection a = start("restart-a", true);
        WriterElection b = start("restart-b", true);
        awaitSettled(a, b);
        Set<Integer> ofA = a.assigned();
        Set<Integer> ofB = b.assigned();

        a.abandon();
        WriterElection restarted = start("restart-a", true);
        awaitWithin(WAIT, "the restarted restart-a holds its partitions again", () -> restarted.assigned().equals(ofA));
        assertThat(b.assigned()).isEqualTo(ofB);
        assertThat(members()).containsExactlyInAnyOrder("restart-a", "restart-b");
    }

    @Test
    void aSecondProcessUnderTheSameIdFencesTheFirstWhichStopsWithoutRemovingIt() throws Exception {
        List<Set<Integer>> toldFirst = new java.util.concurrent.CopyOnWriteArrayList<>();
        WriterElection first = WriterElection.start(settings("twin"), SESSION_MS, true, toldFirst::add);
        elections.add(first);
        WriterElection other = start("twin-other", true);
        awaitSettled(first, other);

        WriterElection second = start("twin", true);
        awaitWithin(WAIT, "the first process under id twin is fenced", first::fenced);
        assertThat(first.assigned()).isEmpty();
        assertThat(toldFirst.get(toldFirst.size() - 1)).as("what the first process's node was told last").isEmpty();
        awaitWithin(WAIT, "the second process and the other node hold every partition",
                () -> !second.assigned().isEmpty()
                        && second.assigned().size() + other.assigned().size() == WriterElection.PARTITIONS);

        first.close(); // must not remove the member "twin", which is the second process now
        assertThat(members()).containsExactlyInAnyOrder("twin", "twin-other");
        assertThat(second.fenced()).isFalse();
    }

    @Test
    void anEvictedLiveMemberLosesItsPartitionsAndRejoins() throws Exception {
        List<Set<Integer>> toldA = new java.util.concurrent.CopyOnWriteArrayList<>();
        WriterElection a = WriterElection.start(settings("live-a"), SESSION_MS, true, toldA::add);
        elections.add(a);
        WriterElection b = start("live-b", true);
        awaitSettled(a, b);

        assertThat(b.evict("live-a", "test: a live member")).isTrue();
        awaitWithin(WAIT, "live-a was told it lost every partition", () -> toldA.stream().anyMatch(Set::isEmpty));
        awaitSettled(a, b);
        assertThat(members()).containsExactlyInAnyOrder("live-a", "live-b");
        assertThat(a.fenced()).isFalse();
    }

    @Test
    void withoutStaticMembershipNoMemberCanBeEvictedAndMembersHaveNoInstanceId() throws Exception {
        WriterElection a = start("dynamic-a", false);
        WriterElection b = start("dynamic-b", false);
        awaitSettled(a, b);
        assertThat(describe().members()).hasSize(2)
                .allSatisfy(member -> assertThat(member.groupInstanceId()).isEmpty());
        assertThatThrownBy(() -> b.evict("dynamic-a", "test")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("static membership");
        WriterElection statically = start("static-c", true);
        assertThatThrownBy(() -> statically.evict("static-c", "test")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not evict itself");
    }

    private WriterElection start(String id, boolean staticMembership) {
        WriterElection election = WriterElection.start(settings(id), SESSION_MS, staticMembership, assigned -> { });
        elections.add(election);
        return election;
    }

    private static ClusterSettings settings(String id) {
        return new ClusterSettings(KAFKA.kafka().bootstrapServers(), id);
    }

    private static void awaitSettled(WriterElection a, WriterElection b) throws InterruptedException {
        awaitWithin(WAIT, "two members holding every partition between them", () -> !a.assigned().isEmpty()
                && !b.assigned().isEmpty() && a.assigned().size() + b.assigned().size() == WriterElection.PARTITIONS);
    }

    /** The group's members' instance ids. */
    private static List<String> members() throws Exception {
        return describe().members().stream().map(member -> member.groupInstanceId().orElse(member.consumerId()))
                .toList();
    }

    private static ConsumerGroupDescription describe() throws Exception {
        try (Admin admin = admin()) {
            return admin.describeConsumerGroups(List.of(WriterElection.GROUP)).all().get().get(WriterElection.GROUP);
        }
    }

    private static Admin admin() {
        Map<String, Object> configs = new HashMap<>();
        configs.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.kafka().bootstrapServers());
        return Admin.create(configs);
    }
}
