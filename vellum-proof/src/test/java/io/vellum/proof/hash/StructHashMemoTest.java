package io.vellum.proof.hash;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import io.vellum.proof.RandomIon;
import io.vellum.proof.Vectors;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Hashing with a {@link StructHashMemo} against hashing without one: the same hash for every value, whether it holds
 * a kept struct, a near copy of one, or a copy of a kept value changed after it was kept.
 */
class StructHashMemoTest {
    private static final IonSystem ION = Vectors.ION;

    /** The wallet's shape: the operation record is a parameter, and each account's new data holds a copy of it. */
    @Example
    void aCopyOfAKeptParameterIsHashedFromTheMemo() {
        IonStruct record = (IonStruct) ION.singleValue("{type: \"transfer\", fromAccountId: \"a-1\", "
                + "toAccountId: \"a-2\", amount: 10.00, transactionId: \"7Q1xYz\"}");
        StructHashMemo memo = new StructHashMemo();
        assertThat(IonHash.ofKept(record, memo)).isEqualTo(IonHash.of(record));
        IonStruct data = (IonStruct) ION.singleValue("{accountId: \"a-1\", balance: 990.00, currency: \"EUR\"}");
        data.put("operation", record.clone());
        assertThat(memo.find((IonStruct) data.get("operation"))).isNotNull();
        assertThat(IonHash.of(data, memo)).isEqualTo(IonHash.of(data)).isEqualTo(IonHashReference.of(data));
    }

    /** Values whose serializations differ although Ion's looser equalities would call some of them equal. */
    @Example
    void nearCopiesAreNotFound() {
        String[] kept = {"{a: 1.0}", "{a: 0d0}", "{a: \"x\"}", "{a: 5}", "{a: 1, b: 2}", "{a: [1, 2]}", "{a: null.int}",
            "{a: {b: 1}}", "{a: 0x7fffffffffffffff}"};
        String[] near = {"{a: 1.00}", "{a: -0d0}", "{a: x}", "{a: 5.}", "{b: 2, a: 1}", "{a: (1 2)}",
            "{a: null.decimal}", "{a: {c: 1}}", "{a: 0x8000000000000000}", "{b: 1.0}", "{a: 1.0, a: 1.0}",
            "{a: t::1.0}", "{a: 2001T}"};
        StructHashMemo memo = new StructHashMemo();
        List<IonStruct> keptValues = new ArrayList<>();
        for (int i = 0; i < kept.length; i++) {
            if (i % StructHashMemo.MAX_KEPT == 0) {
                memo = new StructHashMemo();
                keptValues.clear();
            }
            IonStruct struct = (IonStruct) ION.singleValue(kept[i]);
            IonHash.ofKept(struct, memo);
            keptValues.add(struct);
            for (String text : near) {
                IonStruct candidate = (IonStruct) ION.singleValue(text);
                assertThat(memo.find(candidate)).as("%s found after keeping %s", text, keptValues).isNull();
                IonStruct data = ION.newEmptyStruct();
                data.put("nested", candidate);
                assertThat(IonHash.of(data, memo)).as(text).isEqualTo(IonHash.of(data));
            }
            assertThat(memo.find(struct.clone())).as(kept[i]).isNotNull();
        }
    }

    @Example
    void aKeptValueChangedLaterIsComparedAsItWasWhenKept() {
        IonStruct record = (IonStruct) ION.singleValue("{amount: 10.00, memo: \"rent\"}");
        StructHashMemo memo = new StructHashMemo();
        IonHash.ofKept(record, memo);
        record.put("amount", ION.newDecimal(new BigDecimal("11.00")));
        IonStruct data = ION.newEmptyStruct();
        data.put("operation", record.clone());
        assertThat(memo.find((IonStruct) data.get("operation"))).isNull();
        assertThat(IonHash.of(data, memo)).isEqualTo(IonHash.of(data));
    }

    @Property(tries = 400)
    void dataHoldingCopiesOfKeptParametersHashesAsWithoutTheMemo(@ForAll long seed) {
        Random random = new Random(seed);
        RandomIon generator = new RandomIon(ION, random);
        StructHashMemo memo = new StructHashMemo();
        List<IonStruct> parameters = new ArrayList<>();
        int count = 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            IonStruct parameter = random.nextInt(3) == 0 ? generator.struct(3) : comparableStruct(random, 3);
            assertThat(IonHash.ofKept(parameter, memo)).as("parameter %s", parameter)
                    .isEqualTo(IonHash.of(parameter));
            parameters.add(parameter);
        }
        if (random.nextInt(4) == 0) {
            perturb(parameters.get(random.nextInt(count)), random); // changed after it was kept
        }
        IonStruct data = random.nextBoolean() ? generator.struct(2) : comparableStruct(random, 2);
        int copies = 1 + random.nextInt(3);
        for (int i = 0; i < copies; i++) {
            IonStruct copy = parameters.get(random.nextInt(count)).clone();
            if (random.nextInt(3) == 0) {
                perturb(copy, random);
            }
            if (random.nextBoolean()) {
                data.add("copy" + i, copy);
            } else {
                data.add("list" + i, ION.newList(copy));
            }
        }
        Hash plain = IonHash.of(data);
        assertThat(IonHash.of(data, memo)).as("data %s", data).isEqualTo(plain);
        assertThat(plain).isEqualTo(IonHashReference.of(data));
    }

    /** A struct of the types the memo compares (strings, symbols, ints, decimals, bools, nulls, containers). */
    private static IonStruct comparableStruct(Random random, int depth) {
        IonStruct struct = ION.newEmptyStruct();
        int fields = random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            // few names, so that duplicates occur
            struct.add(String.valueOf((char) ('a' + random.nextInt(5))), comparableValue(random, depth - 1));
        }
        return struct;
    }

    private static IonValue comparableValue(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 11 : 8);
        return switch (kind) {
            case 0 -> ION.newString(random.nextBoolean() ? "x" : "y\u00e9");
            case 1 -> ION.newSymbol(random.nextBoolean() ? "x" : "y");
            case 2 -> ION.newInt(random.nextInt(5) - 2);
            case 3 -> ION.newInt(BigInteger.ONE.shiftLeft(62 + random.nextInt(3)));
            case 4 -> ION.singleValue(new String[] {"1.0", "1.00", "0d0", "-0d0", "0.", "-1.5", "1d3"}[random.nextInt(7)]);
            case 5 -> ION.newBool(random.nextBoolean());
            case 6 -> ION.singleValue(new String[] {"null", "null.int", "null.struct", "null.string"}[random.nextInt(4)]);
            case 7 -> ION.singleValue(random.nextBoolean() ? "2001T" : "1e0"); // not compared: the plain path
            case 8 -> comparableStruct(random, depth);
            case 9 -> ION.newList(comparableValue(random, depth - 1), comparableValue(random, depth - 1));
            default -> ION.newSexp(comparableValue(random, depth - 1));
        };
    }

    /** Replaces one field's value, or adds one when the struct is empty. */
    private static void perturb(IonStruct struct, Random random) {
        if (struct.isNullValue()) {
            return;
        }
        List<IonValue> fields = new ArrayList<>();
        struct.forEach(fields::add);
        if (fields.isEmpty()) {
            struct.add("added", comparableValue(random, 1));
            return;
        }
        IonValue field = fields.get(random.nextInt(fields.size()));
        String name = field.getFieldName();
        field.removeFromContainer();
        struct.add(name == null ? "renamed" : name, comparableValue(random, 1));
    }
}
