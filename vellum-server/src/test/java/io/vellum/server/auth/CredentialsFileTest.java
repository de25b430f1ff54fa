package io.vellum.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsFileTest {
    @TempDir
    Path directory;

    @Test
    void generatesAnOwnerOnlyKeyPairOnceAndReadsItBack() throws Exception {
        Path file = directory.resolve("data").resolve(CredentialsFile.FILE_NAME);
        ServerCredentials first = CredentialsFile.loadOrCreate(file);
        assertThat(first.generated()).isTrue();
        assertThat(first.accessKeyId()).matches("AKIA[A-Z0-9]{16}");
        assertThat(first.secretAccessKey()).matches("[A-Za-z0-9+/]{40}");
        assertThat(first.file()).isEqualTo(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("[default]", "aws_access_key_id = " + first.accessKeyId());
        assertThat(first.toString()).doesNotContain(first.secretAccessKey());
        ServerCredentials second = CredentialsFile.loadOrCreate(file);
        assertThat(second.generated()).isFalse();
        assertThat(second.accessKeyId()).isEqualTo(first.accessKeyId());
        assertThat(second.secretAccessKey()).isEqualTo(first.secretAccessKey());
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
        assertThat(CredentialsFile.loadOrCreate(directory.resolve("other")).accessKeyId())
                .isNotEqualTo(first.accessKeyId());
    }

    @Test
    void readsAHandWrittenSharedCredentialsFile() throws Exception {
        Path file = directory.resolve("credentials");
        Files.writeString(file, "; comment\n[other]\naws_access_key_id=AKIAOTHER\n\n[default]\n"
                + "  AWS_ACCESS_KEY_ID =  AKIAMINE \naws_secret_access_key= s3cr3t/+ \n");
        ServerCredentials credentials = CredentialsFile.load(file);
        assertThat(credentials.accessKeyId()).isEqualTo("AKIAMINE");
        assertThat(credentials.secretAccessKey()).isEqualTo("s3cr3t/+");
    }
}
