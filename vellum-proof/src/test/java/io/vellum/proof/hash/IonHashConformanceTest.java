package io.vellum.proof.hash;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonDatagram;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonSexp;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import com.amazon.ionhash.IonHashReader;
import com.amazon.ionhash.IonHashReaderBuilder;
import com.amazon.ionhash.IonHasher;
import com.amazon.ionhash.IonHasherProvider;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import io.vellum.proof.Vectors;

/**
 * The official Ion Hash conformance suite ({@code ion-hash-test/ion_hash_tests.ion}). For every test case:
 * <ul>
 *   <li>the expected identity-hasher output (the full serialization: {@code final_digest}, else the last
 *       {@code digest}) is produced by {@link IonHashEncoder} with an identity hasher, and by ion-hash-java's
 *       reader with the same identity hasher;</li>
 *   <li>the expected MD5 digests (2 cases) by the encoder with MD5;</li>
 *   <li>the SHA-256 hash of {@link IonHash#of} equals the ion-hash-java reference.</li>
 * </ul>
 * The per-call {@code update} sequence is not compared: the encoder batches bytes, only the bytes matter.
 */
class IonHashConformanceTest {

    /** Identity "hash": the digest is the bytes fed in since the last digest. */
    static final class IdentityHasher implements IonHashEncoder.Hasher, IonHasher {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void update(byte[] input, int offset, int length) {
            bytes.write(input, offset, length);
        }

        @Override
        public void update(byte[] input) {
            bytes.write(input, 0, input.length);
        }

        @Override
        public byte[] digest() {
            byte[] result = bytes.toByteArray();
            bytes.reset();
            return result;
        }
    }

    static final class Md5Hasher implements IonHashEncoder.Hasher {
        private final MessageDigest md5;

        Md5Hasher() {
            try {
                md5 = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void update(byte[] input, int offset, int length) {
            md5.update(input, offset, length);
        }

        @Override
        public byte[] digest() {
            return md5.digest();
        }
    }

    private static final IonHasherProvider IDENTITY_PROVIDER = IdentityHasher::new;

    @TestFactory
    List<DynamicTest> conformanceSuite() {
        IonDatagram cases = Vectors.ION.getLoader().load(Vectors.text("ion-hash-test/ion_hash_tests.ion"));
        List<DynamicTest> tests = new ArrayList<>();
        int[] counts = new int[3];
        for (IonValue testCase : cases) {
            IonStruct struct = (IonStruct) testCase;
            IonValue value = sourceValue(struct);
            String name = struct.getTypeAnnotations().length > 0 ? struct.getTypeAnnotations()[0]
                    : String.valueOf(struct.get("ion") != null ? struct.get("ion") : struct.get("10n"));
            IonStruct expect = (IonStruct) struct.get("expect");
            IonSexp identity = (IonSexp) expect.get("identity");
            IonSexp md5 = (IonSexp) expect.get("md5");
            if (identity != null) {
                counts[0]++;
            }
            if (md5 != null) {
                counts[1]++;
            }
            counts[2]++;
            tests.add(DynamicTest.dynamicTest(name, () -> {
                if (identity != null) {
                    byte[] expected = finalDigest(identity);
                    assertThat(hex(new IonHashEncoder(IdentityHasher::new).digest(value))).as("encoder, identity")
                            .isEqualTo(hex(expected));
                    assertThat(hex(referenceDigest(value, IDENTITY_PROVIDER))).as("ion-hash-java, identity")
                            .isEqualTo(hex(expected));
                }
                if (md5 != null) {
                    assertThat(hex(new IonHashEncoder(Md5Hasher::new).digest(value))).as("encoder, md5")
                            .isEqualTo(hex(finalDigest(md5)));
                }
                assertThat(IonHash.of(value)).as("SHA-256 encoder vs ion-hash-java")
                        .isEqualTo(IonHashReference.of(value));
            }));
        }
        System.out.println("ion-hash-test: " + counts[2] + " cases, " + counts[0] + " with identity expectations, "
                + counts[1] + " with md5 expectations");
        assertThat(counts[2]).isGreaterThan(150);
        return tests;
    }

    /** The case's value: the {@code ion} field, or the {@code 10n} bytes read as Ion binary. */
    private static IonValue sourceValue(IonStruct testCase) {
        IonValue ion = testCase.get("ion");
        if (ion != null) {
            return ion;
        }
        IonSexp binary = (IonSexp) testCase.get("10n");
        byte[] bytes = new byte[4 + binary.size()];
        bytes[0] = (byte) 0xE0;
        bytes[1] = 0x01;
        bytes[2] = 0x00;
        bytes[3] = (byte) 0xEA;
        for (int i = 0; i < binary.size(); i++) {
            bytes[4 + i] = (byte) ((IonInt) binary.get(i)).intValue();
        }
        return Vectors.ION.singleValue(bytes);
    }

    /** {@code final_digest::(…)} if present, else the last {@code digest::(…)}. */
    private static byte[] finalDigest(IonSexp expectations) {
        IonSexp result = null;
        for (IonValue expectation : expectations) {
            if (expectation.hasTypeAnnotation("final_digest")) {
                return bytes((IonSexp) expectation);
            }
            if (expectation.hasTypeAnnotation("digest")) {
                result = (IonSexp) expectation;
            }
        }
        if (result == null) {
            throw new IllegalStateException("no digest expectation in " + expectations);
        }
        return bytes(result);
    }

    private static byte[] bytes(IonSexp sexp) {
        byte[] bytes = new byte[sexp.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ((IonInt) sexp.get(i)).intValue();
        }
        return bytes;
    }

    private static byte[] referenceDigest(IonValue value, IonHasherProvider provider) throws Exception {
        try (IonHashReader reader = IonHashReaderBuilder.standard().withHasherProvider(provider)
                .withReader(Vectors.ION.newReader(value)).build()) {
            reader.next();
            reader.next();
            return reader.digest();
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
