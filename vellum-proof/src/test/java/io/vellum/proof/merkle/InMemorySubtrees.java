package io.vellum.proof.merkle;

import java.util.ArrayList;
import java.util.List;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.proof.hash.Hash;

/** Perfect subtrees kept in lists per level, filled the way the engine fills its store (leaf + completedBy). */
public final class InMemorySubtrees implements PerfectSubtrees {
    private final List<List<Hash>> levels = new ArrayList<>();
    private long reads;

    /** Appends leaf number {@code size()}, stores it and every node it completes, and returns those nodes. */
    public List<MerkleNode> append(Hash leaf) {
        long leafIndex = size();
        List<MerkleNode> completed = MerkleTree.completedBy(leafIndex, leaf, this);
        put(new MerkleNode(0, leafIndex, leaf));
        completed.forEach(this::put);
        return completed;
    }

    private void put(MerkleNode node) {
        while (levels.size() <= node.level()) {
            levels.add(new ArrayList<>());
        }
        List<Hash> level = levels.get(node.level());
        if (level.size() != node.index()) {
            throw new AssertionError("node " + node + " stored out of order; level has " + level.size());
        }
        level.add(node.hash());
    }

    long size() {
        return levels.isEmpty() ? 0 : levels.get(0).size();
    }

    long reads() {
        return reads;
    }

    @Override
    public Hash node(int level, long index) {
        reads++;
        if (level >= levels.size() || index >= levels.get(level).size()) {
            throw new LedgerException(ErrorCode.NOT_FOUND, "no perfect node at level " + level + " index " + index);
        }
        return levels.get(level).get((int) index);
    }
}
