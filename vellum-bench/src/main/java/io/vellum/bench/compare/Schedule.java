package io.vellum.bench.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * The order of the measured slices of one setting: passes, each giving every contender one slice, the contenders'
 * order rotated by one per pass (so that none always follows the same neighbour, whose background work — a
 * checkpoint, a concurrent GC cycle — spills into the next slice). Pass {@code p} (from 0) belongs to round
 * {@code p % rounds + 1}: the rounds are interleaved in time, so each round samples the whole measured period and a
 * drift of the machine shifts every round and every contender alike, where consecutive rounds measured the drift
 * (issue 16, session 12: every contender's rounds 1.17 – 1.25× apart, PostgreSQL's included). Stateless.
 */
final class Schedule {
    private Schedule() {
    }

    /**
     * One pass: every contender measured for one slice, in {@code order}.
     *
     * @param number from 1, in the order the passes run
     * @param round  the round the pass's slices count for, from 1
     */
    record Pass(int number, int round, List<String> order) {
    }

    /**
     * The passes of one setting, in the order they run: {@code rounds × slicesPerRound} of them.
     *
     * @param contenders     the contenders, in the order of the first pass
     * @param rounds         how many rounds the slices are grouped into
     * @param slicesPerRound how many slices each contender gets per round
     */
    static List<Pass> passes(List<String> contenders, int rounds, int slicesPerRound) {
        if (contenders.isEmpty() || rounds < 1 || slicesPerRound < 1) {
            throw new IllegalArgumentException("need a contender, a round and a slice per round");
        }
        List<Pass> passes = new ArrayList<>();
        int n = contenders.size();
        for (int p = 0; p < rounds * slicesPerRound; p++) {
            List<String> order = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                order.add(contenders.get((i + p) % n));
            }
            passes.add(new Pass(p + 1, p % rounds + 1, List.copyOf(order)));
        }
        return passes;
    }

    /**
     * How many slices make one contender's {@code seconds} of a round: {@code seconds ÷ sliceSeconds}, rounded to
     * the nearest whole number, at least one. Each slice then lasts {@code seconds ÷} that many.
     */
    static int slicesPerRound(double seconds, double sliceSeconds) {
        if (sliceSeconds <= 0) {
            throw new IllegalArgumentException("a slice must last longer than 0 s");
        }
        return (int) Math.max(1, Math.round(seconds / sliceSeconds));
    }
}
