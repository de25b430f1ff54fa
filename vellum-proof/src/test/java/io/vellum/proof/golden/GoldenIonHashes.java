package io.vellum.proof.golden;

import static io.vellum.proof.golden.GoldenVectors.ION;

import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.hash.IonHash;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ion-hash.ion}: {@code {name, expect, value, ionHash}}. A valid case's {@code ionHash} is the hash of its
 * {@code value}; a negative pairs a value with a hash that is not its own (the hash's byte flipped, or the value one
 * step from the one hashed: a decimal's precision, a symbol for a string, an annotation dropped, …), and checking
 * it must fail with the condition {@value #CONDITION}.
 */
final class GoldenIonHashes {
    static final String CONDITION = "ionHash(value) must be the given hash";

    /** Name and Ion text of each hashed value. */
    private static final String[][] VALUES = {
        {"null", "null"},
        {"typed-null-int", "null.int"},
        {"typed-null-struct", "null.struct"},
        {"bool-true", "true"},
        {"int-zero", "0"},
        {"int-negative", "-42"},
        {"int-beyond-64-bits", "123456789012345678901234567890"},
        {"decimal", "1.0"},
        {"decimal-more-precise", "1.00"},
        {"decimal-negative-zero", "-0."},
        {"decimal-exponent", "12.5d-3"},
        {"float", "1.5e0"},
        {"float-nan", "nan"},
        {"timestamp-day", "2024-05-01T"},
        {"timestamp-millis-utc", "2024-05-01T10:00:00.000Z"},
        {"timestamp-offset", "2024-05-01T12:00:00.000+02:00"},
        {"string-empty", "\"\""},
        {"string-unicode", "\"Zoë € 😀\""},
        {"string-with-marker-bytes", "\"\\x0b\\x0c\\x0e\""},
        {"symbol", "hello"},
        {"blob", "{{ AAsMDv8= }}"},
        {"clob", "{{ \"text\" }}"},
        {"list", "[1, \"two\", 3.0]"},
        {"sexp", "(1 \"two\" 3.0)"},
        {"struct", "{id: \"A1\", balance: 100.50, owner: {name: \"Zoë\"}}"},
        {"struct-field-order", "{owner: {name: \"Zoë\"}, balance: 100.50, id: \"A1\"}"},
        {"struct-repeated-field", "{a: 1, a: 2}"},
        {"annotated", "money::100.50"},
        {"annotated-twice", "eur::money::100.50"},
        {"nested-empty", "{a: [], b: (), c: {}}"},
    };

    /** A value and the one-step change of it that must hash differently. */
    private static final String[][] ONE_STEP_CHANGES = {
        {"decimal-precision", "1.0", "1.00"},
        {"decimal-exponent-form", "1.0", "0.1d1"},
        {"int-as-decimal", "1", "1."},
        {"int-as-float", "1", "1e0"},
        {"string-as-symbol", "\"hello\"", "hello"},
        {"timestamp-precision", "2024-05-01T10:00:00Z", "2024-05-01T10:00:00.000Z"},
        {"timestamp-offset", "2024-05-01T10:00:00.000Z", "2024-05-01T10:00:00.000-00:00"},
        {"annotation-dropped", "money::100.50", "100.50"},
        {"list-as-sexp", "[1, 2]", "(1 2)"},
        {"typed-null-as-null", "null.string", "null"},
        {"field-renamed", "{a: 1}", "{b: 1}"},
        {"repeated-field-removed", "{a: 1, a: 1}", "{a: 1}"},
    };

    private GoldenIonHashes() {
    }

    static List<IonValue> cases() {
        List<IonValue> valid = new ArrayList<>();
        List<IonValue> negatives = new ArrayList<>();
        for (String[] value : VALUES) {
            List<IonStruct> cases = casesFor(value[0], value[1], hashOf(value[1]));
            valid.add(cases.get(0));
            negatives.addAll(cases.subList(1, cases.size()));
        }
        List<IonValue> cases = new ArrayList<>(valid);
        cases.addAll(negatives);
        for (String[] change : ONE_STEP_CHANGES) {
            cases.add(hashCase(GoldenVectors.negative(change[0], "the hash of " + change[1] + " given for " + change[2],
                    CONDITION), change[2], hashOf(change[1])));
        }
        return cases;
    }

    /**
     * The valid case of {@code ionText} with {@code hash} (computed here, or given by someone else: QLDB), and its
     * negative with the hash's last byte flipped.
     */
    static List<IonStruct> casesFor(String name, String ionText, Hash hash) {
        return List.of(hashCase(GoldenVectors.valid(name), ionText, hash),
                hashCase(GoldenVectors.negative(name + "/hash-byte-flipped", "byte 31 of the hash of " + name
                        + " flipped", CONDITION), ionText, GoldenVectors.flipped(hash, 31)));
    }

    private static IonStruct hashCase(IonStruct value, String ionText, Hash hash) {
        value.put("value", ION.singleValue(ionText));
        value.put("ionHash", GoldenVectors.blob(hash));
        return value;
    }

    private static Hash hashOf(String ionText) {
        return IonHash.of(ION.singleValue(ionText));
    }
}
