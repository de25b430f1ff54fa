package io.vellum.proof.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import io.vellum.proof.Vectors;
import io.vellum.proof.hash.Hash;

class ProofTextTest {
    @Test
    void formatsExactlyAsQldbPrints() {
        String text = Vectors.text("aws-cli-qldb-examples/block-100.proof.extracted.ion").strip();
        List<Hash> proof = ProofText.parse(text);
        assertThat(proof).hasSize(7);
        assertThat(ProofText.format(proof)).isEqualTo(text);
    }

    @Test
    void emptyProof() {
        assertThat(ProofText.format(List.of())).isEqualTo("[]");
        assertThat(ProofText.parse(" [ ] ")).isEmpty();
    }

    @Test
    void acceptsWhitespaceAndComments() {
        Hash hash = Hash.sha256(new byte[] {1});
        assertThat(ProofText.parse("/* proof */ [ {{ " + hash.toBase64() + " }} ,\n]")).containsExactly(hash);
    }

    @Test
    void rejectsWhatIsNotAListOfHashes() {
        String blob = "{{" + Hash.sha256(new byte[] {1}).toBase64() + "}}";
        assertInvalid("", "exactly one Ion value");
        assertInvalid("[" + blob + "] []", "exactly one Ion value");
        assertInvalid("[" + blob + ", \"x\"]", "entry 1");
        assertInvalid("[{{AAAA}}]", "entry 0 must be 32 bytes, got 3");
        assertInvalid("(" + blob + ")", "list");
        assertInvalid("a::[" + blob + "]", "list");
        assertInvalid("[a::" + blob + "]", "entry 0");
        assertInvalid("null.list", "list");
        assertInvalid("[{{not base64!}}]", "Ion");
    }

    private static void assertInvalid(String text, String message) {
        assertThatThrownBy(() -> ProofText.parse(text)).isInstanceOf(LedgerException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((LedgerException) e).code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }
}
