package io.vellum.engine.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonInt;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Randomized check that the access path never changes a result: the same queries over an indexed and an unindexed
 * copy of random data return the same documents, and both match a naive Java filter (the reference model).
 * The seed is printed; rerun with {@code -Dvellum.seed=N} to reproduce.
 */
class IndexEquivalenceRandomizedTest extends EngineTestSupport {

    /** One query shape: its WHERE text (with a %s for the key) and the reference predicate over {a, b}. */
    private record Shape(String where, java.util.function.BiFunction<Integer, Integer, Predicate<int[]>> reference) {
    }

    private static final List<Shape> SHAPES = List.of(
        new Shape("x.a = %1$d", (k, l) -> doc -> doc[0] == k),
        new Shape("%1$d = x.a AND x.b > %2$d", (k, l) -> doc -> doc[0] == k && doc[1] > l),
        new Shape("x.a IN (%1$d, %2$d)", (k, l) -> doc -> doc[0] == k || doc[0] == l),
        new Shape("x.a = %1$d OR x.b = %2$d", (k, l) -> doc -> doc[0] == k || doc[1] == l),
        new Shape("x.b = %2$d AND x.a <> %1$d", (k, l) -> doc -> doc[1] == l && doc[0] != k),
        new Shape("x.a BETWEEN %1$d AND %2$d", (k, l) -> doc -> doc[0] >= k && doc[0] <= l),
        new Shape("NOT (x.a = %1$d)", (k, l) -> doc -> doc[0] != k),
        new Shape("x.a = %1$d AND x.b = %2$d", (k, l) -> doc -> doc[0] == k && doc[1] == l));

    @Test
    void indexedAndScannedResultsAgreeWithTheReference() {
        long seed = Long.getLong("vellum.seed", System.nanoTime());
        System.out.println("IndexEquivalenceRandomizedTest seed = " + seed);
        Random random = new Random(seed);
        run("CREATE TABLE Indexed");
        run("CREATE TABLE Plain");
        run("CREATE INDEX ON Indexed (a)");
        run("CREATE INDEX ON Indexed (b)");
        List<int[]> documents = new ArrayList<>();
        for (int position = 0; position < 150; position++) {
            int[] document = {random.nextInt(10), random.nextInt(10), position};
            documents.add(document);
            String text = "{a: " + document[0] + ", b: " + document[1] + ", n: " + document[2] + "}";
            run("INSERT INTO Indexed ?", text);
            run("INSERT INTO Plain ?", text);
        }
        for (int query = 0; query < 200; query++) {
            Shape shape = SHAPES.get(random.nextInt(SHAPES.size()));
            int k = random.nextInt(12);
            int l = random.nextInt(12);
            String where = String.format(shape.where(), k, l);
            List<Integer> expected = documents.stream().filter(shape.reference().apply(k, l)).map(d -> d[2]).sorted().toList();
            assertThat(numbers("SELECT VALUE x.n FROM Indexed AS x WHERE " + where))
                .as("seed %d, indexed: %s", seed, where).isEqualTo(expected);
            assertThat(numbers("SELECT VALUE x.n FROM Plain AS x WHERE " + where))
                .as("seed %d, plain: %s", seed, where).isEqualTo(expected);
            if (random.nextInt(4) == 0) {
                int n = random.nextInt(documents.size());
                int newB = random.nextInt(10);
                documents.get(n)[1] = newB;
                run("UPDATE Indexed AS x SET x.b = " + newB + " WHERE x.n = " + n);
                run("UPDATE Plain AS x SET x.b = " + newB + " WHERE x.n = " + n);
            }
        }
    }

    private List<Integer> numbers(String statement) {
        List<Integer> numbers = new ArrayList<>();
        for (IonValue value : run(statement)) {
            numbers.add(((IonInt) value).intValue());
        }
        numbers.sort(null);
        return numbers;
    }

    @Test
    void joinResultsDoNotDependOnTheIndex() {
        run("CREATE TABLE Drivers");
        run("CREATE TABLE Cars");
        run("CREATE TABLE CarsIndexed");
        run("CREATE INDEX ON CarsIndexed (k)");
        for (int position = 0; position < 20; position++) {
            run("INSERT INTO Drivers ?", "{k: " + (position % 7) + ", n: " + position + "}");
            run("INSERT INTO Cars ?", "{k: " + (position % 5) + ", m: " + position + "}");
            run("INSERT INTO CarsIndexed ?", "{k: " + (position % 5) + ", m: " + position + "}");
        }
        List<IonValue> plain = run("SELECT l.n, r.m FROM Drivers AS l, Cars AS r WHERE r.k = l.k");
        List<IonValue> indexed = run("SELECT l.n, r.m FROM Drivers AS l, CarsIndexed AS r WHERE r.k = l.k");
        assertThat(indexed).containsExactlyInAnyOrderElementsOf(plain);
        assertThat(plain).hasSizeGreaterThan(20).allMatch(value -> value instanceof IonStruct);
    }
}
