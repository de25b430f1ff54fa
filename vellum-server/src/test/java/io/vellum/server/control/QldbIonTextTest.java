package io.vellum.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.proof.block.JournalBlock;
import io.vellum.proof.block.Revision;
import io.vellum.testkit.vectors.QldbVectors;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The control plane prints {@code Revision.IonText} and {@code Block.IonText} byte for byte as Amazon QLDB did: the
 * AWS CLI's real GetRevision and GetBlock outputs (read in place from the shared vectors) are parsed and printed
 * again.
 */
class QldbIonTextTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode awsCliVector(String name) throws IOException {
        return JSON.readTree(QldbVectors.fileOrSkip("aws-cli-qldb-examples/" + name).toFile());
    }

    @Test
    void revisionIsPrintedAsQldbPrintsIt() throws IOException {
        String qldb = awsCliVector("qldb-get-revision.json").at("/Revision/IonText").textValue();
        Revision revision = Revision.fromIon(QldbIonText.parse(qldb));
        assertThat(QldbIonText.revision(revision)).isEqualTo(qldb);
    }

    @Test
    void blockIsPrintedAsQldbPrintsIt() throws IOException {
        String qldb = awsCliVector("qldb-get-block.json").at("/Block/IonText").textValue();
        JournalBlock block = JournalBlock.fromIon(QldbIonText.parse(qldb));
        assertThat(QldbIonText.block(block)).isEqualTo(qldb);
    }

    @Test
    void nonAsciiTextStaysReadableAndControlCharactersAreEscaped() {
        assertThat(QldbIonText.print(QldbIonText.parse("{name:\"Zoë\\u0001\",at:2019-01-01T}")))
                .isEqualTo("{name:\"Zoë\\x01\",at:2019-01-01}");
    }
}
