package io.vellum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vellum.error.LedgerException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.qldb.QldbDriver;

/**
 * HTTPS from PEM files. The certificate is made by the JDK's keytool in a temporary directory (no BouncyCastle),
 * then written out as PEM in each key format the server accepts.
 */
class TlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    @TempDir
    Path directory;

    @Test
    void theOfficialDriverWorksOverTlsWithAnEcKeyInPkcs8() throws Exception {
        KeyStore generated = generate("EC");
        Path certificate = writeCertificate(generated);
        Path key = writePem("PRIVATE KEY", privateKey(generated).getEncoded());
        try (VellumServer server = TestServers.start(directory.resolve("data"),
                config -> config.withTls(certificate, key))) {
            assertThat(server.endpoint().getScheme()).isEqualTo("https");
            server.ledgers().create("tls", false, null, Map.of());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore(generated));
            try (QldbDriver driver = QldbDriver.builder().ledger("tls")
                    .sessionClientBuilder(TestServers.sessionClient(server, server.accessKeyId(),
                            server.secretAccessKey()))
                    .httpClientBuilder(ApacheHttpClient.builder().tlsTrustManagersProvider(trust::getTrustManagers))
                    .build()) {
                driver.execute(txn -> {
                    txn.execute("CREATE TABLE OverTls");
                });
                assertThat(driver.getTableNames()).contains("OverTls");
            }
        }
    }

    @Test
    void rsaKeysInPkcs1AndEcKeysInSec1AreAccepted() throws Exception {
        KeyStore rsa = generate("RSA");
        Path rsaCertificate = writeCertificate(rsa);
        Path rsaKey = writePem("RSA PRIVATE KEY", innerKey(privateKey(rsa).getEncoded()));
        assertHealthOverTls(rsa, rsaCertificate, rsaKey);
        KeyStore ec = generate("EC");
        Path ecCertificate = writeCertificate(ec);
        Path ecKey = writePem("EC PRIVATE KEY", innerKey(privateKey(ec).getEncoded()));
        assertHealthOverTls(ec, ecCertificate, ecKey);
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateFailsAtStart() throws Exception {
        Path certificate = writeCertificate(generate("EC"));
        Path otherKey = writePem("PRIVATE KEY", privateKey(generate("EC")).getEncoded());
        assertThatThrownBy(() -> TestServers.start(directory.resolve("mismatch"),
                config -> config.withTls(certificate, otherKey))).isInstanceOf(LedgerException.class)
                .hasMessageContaining("does not belong to the certificate");
    }

    private void assertHealthOverTls(KeyStore generated, Path certificate, Path key) throws Exception {
        try (VellumServer server = TestServers.start(directory.resolve("data-" + System.nanoTime()),
                config -> config.withTls(certificate, key))) {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore(generated));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(context).build();
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }

    /** A self-signed certificate for 127.0.0.1 and localhost, made by keytool into a PKCS12 store. */
    private KeyStore generate(String algorithm) throws Exception {
        Path store = directory.resolve(algorithm + "-" + System.nanoTime() + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "vellum", "-keyalg", algorithm,
                "-keysize", algorithm.equals("RSA") ? "2048" : "256", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD);
        }
        return keyStore;
    }

    private static PrivateKey privateKey(KeyStore store) throws Exception {
        return (PrivateKey) store.getKey("vellum", PASSWORD);
    }

    private static KeyStore trustStore(KeyStore generated) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("vellum", generated.getCertificate("vellum"));
        return trust;
    }

    private Path writeCertificate(KeyStore store) throws Exception {
        Certificate certificate = store.getCertificate("vellum");
        return writePem("CERTIFICATE", certificate.getEncoded());
    }

    private Path writePem(String type, byte[] der) throws Exception {
        String pem = "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        Path file = directory.resolve(type.replace(' ', '-') + "-" + System.nanoTime() + ".pem");
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
        return file;
    }

    /**
     * The key inside a PKCS#8 PrivateKeyInfo (the content of its final OCTET STRING): PKCS#1 for RSA, SEC1 for EC.
     */
    private static byte[] innerKey(byte[] pkcs8) {
        int[] position = {0};
        readHeader(pkcs8, position); // outer SEQUENCE
        skipElement(pkcs8, position); // version
        skipElement(pkcs8, position); // algorithm
        int length = readHeader(pkcs8, position); // OCTET STRING
        return Arrays.copyOfRange(pkcs8, position[0], position[0] + length);
    }

    private static int readHeader(byte[] der, int[] position) {
        position[0]++; // tag
        int first = der[position[0]++] & 0xFF;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7F); i++) {
            length = (length << 8) | (der[position[0]++] & 0xFF);
        }
        return length;
    }

    private static void skipElement(byte[] der, int[] position) {
        int length = readHeader(der, position);
        position[0] += length;
    }

}
