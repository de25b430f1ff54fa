package io.vellum.server.cluster;

import io.vellum.cluster.ReplicationStatus;
import io.vellum.server.VellumServer;
import java.util.List;
import java.util.Map;

/**
 * What a cluster test prints when one of its waits fails, so that a failure seen once says what happened: every
 * node's replication status and writer view of the ledger, each insert worker's counts and stack, and the stack of
 * every server thread inside the commit path, the cluster room or a replicated ledger (a hang shows there).
 */
final class ClusterDiagnosis {
    private ClusterDiagnosis() {
    }

    static String of(String ledger, List<VellumServer> nodes, List<InsertWorker> workers) {
        StringBuilder text = new StringBuilder("diagnosis of ledger ").append(ledger).append(':');
        for (VellumServer node : nodes) {
            text.append("\n  node ").append(node.cluster().nodeId());
            try {
                ReplicationStatus status = node.cluster().status(ledger);
                text.append(": ").append(status).append("; takes ").append(node.cluster().writerOf(ledger))
                        .append(" as the writer; tip ")
                        .append(node.ledgers().ledger(ledger).digest().tipAddress().sequenceNo())
                        .append("; election partitions ").append(node.cluster().assignedPartitions());
            } catch (RuntimeException e) {
                text.append(": status unavailable: ").append(e);
            }
        }
        for (InsertWorker worker : workers) {
            text.append("\n  ").append(worker.describe());
        }
        text.append("\n  server threads in the commit path, the cluster room or a replicated ledger:");
        for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
            if (!interesting(thread.getValue())) {
                continue;
            }
            text.append("\n  thread ").append(thread.getKey().getName()).append(' ')
                    .append(thread.getKey().getState());
            for (StackTraceElement frame : thread.getValue()) {
                text.append("\n      at ").append(frame);
            }
        }
        return text.toString();
    }

    private static boolean interesting(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            String name = frame.getClassName();
            if (name.startsWith("io.vellum.engine.internal.commit.") || name.startsWith("io.vellum.cluster.")
                    || name.startsWith("io.vellum.server.cluster.") || name.startsWith("io.vellum.server.session.")) {
                return !name.endsWith("InsertWorker") && !name.endsWith("ClusterDiagnosis")
                        && !name.endsWith("ClusterPartitionTest");
            }
        }
        return false;
    }
}
