package io.vellum.engine.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One engine (and its plan cache) shared by many threads, each running its own transaction context. */
class QueryEngineConcurrencyTest {

    @Test
    void manyThreadsShareOneEngine() throws Exception {
        QueryEngine engine = new QueryEngine(EngineTestSupport.ION, 8);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                int owner = thread;
                tasks.add(() -> {
                    InMemoryQueryContext context = new InMemoryQueryContext(EngineTestSupport.ION);
                    engine.execute(context, "CREATE TABLE T", List.of());
                    engine.execute(context, "CREATE INDEX ON T (k)", List.of());
                    int checked = 0;
                    for (int round = 0; round < 200; round++) {
                        engine.execute(context, "INSERT INTO T VALUE {'k': ?, 'owner': ?, 'round': ?}",
                            List.of(EngineTestSupport.ION.newInt(round % 10), EngineTestSupport.ION.newInt(owner),
                                EngineTestSupport.ION.newInt(round)));
                        // Distinct texts exceed the cache size, so entries are evicted while others read.
                        String statement = "SELECT VALUE t.round FROM T AS t WHERE t.k = ? AND t.owner = " + (round % 12);
                        List<?> results = engine.execute(context, statement,
                            List.of(EngineTestSupport.ION.newInt(round % 10)));
                        int expected = round % 12 == owner ? round / 10 + 1 : 0;
                        assertThat(results).hasSize(expected);
                        checked++;
                    }
                    return checked;
                });
            }
            int total = 0;
            for (Future<Integer> result : pool.invokeAll(tasks)) {
                total += result.get();
            }
            assertThat(total).isEqualTo(threads * 200);
            assertThat(engine.cachedPlanCount()).isLessThanOrEqualTo(8);
        } finally {
            pool.shutdownNow();
        }
    }
}
