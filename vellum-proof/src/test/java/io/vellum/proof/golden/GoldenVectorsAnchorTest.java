package io.vellum.proof.golden;

import static io.vellum.proof.golden.GoldenVectors.ION;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonList;
import com.amazon.ion.IonString;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.proof.block.BlockAddress;
import io.vellum.proof.hash.Hash;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.verify.ProofText;
import io.vellum.testkit.vectors.QldbVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.vellum.proof.block.Revision;

/**
 * Anchors Vellum's golden vectors to QLDB's: the generator's case builders, given QLDB's real artifacts (the shared
 * vectors, read in place through the test kit) instead of Vellum's values, make cases that the same checks accept —
 * QLDB's hashes and proofs are valid by the rules the golden vectors encode — and whose mutations fail with the same
 * named conditions. Skipped without the shared vectors (failed when they are required, as in CI).
 */
class GoldenVectorsAnchorTest {
    private static final String HASHING = "hashing/dot-ionhash-statementdigest-vectors.json";
    private static final String CLI = "aws-cli-qldb-examples/";

    @Test
    void ionHashesOfQldbsStringsAndStatementsAreValidCases() {
        IonStruct vectors = (IonStruct) single(HASHING);
        List<IonStruct> cases = new ArrayList<>();
        for (IonValue item : (IonList) vectors.get("ionHashSha256OfString")) {
            IonStruct string = (IonStruct) item;
            cases.addAll(GoldenIonHashes.casesFor("qldb/ion-hash-string", text(string, "ionText"),
                    Hash.fromHex(text(string, "sha256IonHashHex"))));
        }
        for (IonValue group : (IonList) vectors.get("statementDigestOfParameterlessStatements")) {
            for (IonValue item : (IonList) ((IonStruct) group).get("items")) {
                IonStruct statement = (IonStruct) item;
                cases.addAll(GoldenIonHashes.casesFor("qldb/statement-digest",
                        ION.newString(text(statement, "statement")).toString(),
                        Hash.fromBase64(text(statement, "statementDigestBase64"))));
            }
        }
        assertThat(GoldenChecks.run(cases, GoldenChecks::ionHash)).containsExactly(4, 4);
    }

    @Test
    void qldbsRevisionIsAValidCaseAndItsMutationsFailAsOurs() {
        IonStruct revision = (IonStruct) ION.singleValue(ionText("qldb-get-revision.json", "Revision"));
        List<IonStruct> cases = GoldenRevisions.casesFor("qldb/aws-cli-get-revision", revision);
        assertThat(GoldenChecks.run(cases, GoldenChecks::revision)).containsExactly(1, 3);
    }

    @Test
    void qldbsBlock100IsAValidCaseAndItsMutationsFailAsOurs() {
        JournalBlock block = JournalBlock.fromIon(single(CLI + "block-100.extracted.ion"));
        List<IonStruct> cases = GoldenBlocks.casesFor("qldb/aws-cli-block-100", block);
        assertThat(GoldenChecks.run(cases, c -> GoldenChecks.block(c, Map.of()))).containsExactly(1, 7);
    }

    @Test
    void qldbsProofsToItsDigestAreValidInclusionCasesAndTheirMutationsFailAsOurs() {
        IonStruct digest = (IonStruct) single(CLI + "qldb-get-digest.json");
        Hash root = Hash.fromBase64(text(digest, "Digest"));
        BlockAddress tip = BlockAddress.parseIonText(text((IonStruct) digest.get("DigestTipAddress"), "IonText"));
        JournalBlock block = JournalBlock.fromIon(single(CLI + "block-100.extracted.ion"));
        List<Hash> blockProof = ProofText.parse(QldbVectors.textOrSkip(CLI + "block-100.proof.extracted.ion"));
        IonStruct revision = (IonStruct) ION.singleValue(ionText("qldb-get-revision.json", "Revision"));
        List<Hash> revisionProof = ProofText.parse(ionText("qldb-get-revision.json", "Proof"));
        long leafIndex = block.blockAddress().sequenceNo();
        List<IonStruct> cases = new ArrayList<>(GoldenMerkle.inclusionCasesFor("qldb/block-100", block.blockHash(),
                leafIndex, tip.sequenceNo() + 1, root, blockProof));
        cases.addAll(GoldenMerkle.inclusionCasesFor("qldb/revision-in-block-100",
                GoldenChecks.hash(revision.get("hash")), leafIndex, tip.sequenceNo() + 1, root, revisionProof));
        assertThat(GoldenChecks.run(cases, GoldenChecks::inclusion)).containsExactly(2, 6);
    }

    private static IonValue single(String relative) {
        return ION.singleValue(QldbVectors.textOrSkip(relative));
    }

    /** The {@code IonText} string of {@code field} of an AWS CLI answer. */
    private static String ionText(String file, String field) {
        IonStruct answer = (IonStruct) single(CLI + file);
        return text((IonStruct) answer.get(field), "IonText");
    }

    private static String text(IonStruct struct, String field) {
        return ((IonString) struct.get(field)).stringValue();
    }
}
