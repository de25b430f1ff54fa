package io.vellum.server;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a PEM certificate chain and private key into an in-memory {@link KeyStore} for the TLS connector, so that
 * operators can use the files certbot, openssl or a corporate CA hand them without keytool. Keys: PKCS#8
 * ({@code BEGIN PRIVATE KEY}; RSA, EC, Ed25519), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) and SEC1
 * ({@code BEGIN EC PRIVATE KEY}); encrypted keys are refused with the openssl command that decrypts them. The key
 * is checked against the certificate at start, so a mismatch fails loudly there rather than in every handshake.
 */
final class PemKeyStore {
    /** Password of the in-memory store; it never leaves this process. */
    static final char[] PASSWORD = "vellum-in-memory".toCharArray();
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0D, 0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00};
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};

    private PemKeyStore() {
    }

    static KeyStore load(Path certificateFile, Path keyFile) {
        try {
            Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certificateFile)));
            if (chain.isEmpty()) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "TLS certificate file " + certificateFile
                        + " holds no PEM certificate");
            }
            PublicKey publicKey = chain.iterator().next().getPublicKey();
            PrivateKey privateKey = privateKey(Files.readString(keyFile, StandardCharsets.US_ASCII), keyFile, publicKey);
            checkPair(privateKey, publicKey, keyFile, certificateFile);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("vellum", privateKey, PASSWORD, chain.toArray(new Certificate[0]));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "cannot load TLS certificate " + certificateFile
                    + " and key " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(String pem, Path keyFile, PublicKey publicKey)
            throws GeneralSecurityException, IOException {
        Matcher block = BLOCK.matcher(pem);
        while (block.find()) {
            String type = block.group(1);
            byte[] der = Base64.getMimeDecoder().decode(block.group(2));
            byte[] pkcs8 = switch (type) {
                case "PRIVATE KEY" -> der;
                case "RSA PRIVATE KEY" -> sequence(concat(new byte[] {0x02, 0x01, 0x00}, RSA_ALGORITHM,
                        tagged(0x04, der)));
                case "EC PRIVATE KEY" -> sequence(concat(new byte[] {0x02, 0x01, 0x00},
                        sequence(concat(EC_PUBLIC_KEY_OID, curveOf(publicKey, keyFile))), tagged(0x04, der)));
                case "ENCRYPTED PRIVATE KEY" -> throw new LedgerException(ErrorCode.INVALID_REQUEST, "TLS key "
                        + keyFile + " is encrypted; decrypt it first: openssl pkcs8 -in " + keyFile
                        + " -out key.pem (and keep key.pem owner-only)");
                default -> null;
            };
            if (pkcs8 != null) {
                return KeyFactory.getInstance(publicKey.getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            }
        }
        throw new LedgerException(ErrorCode.INVALID_REQUEST, "TLS key file " + keyFile + " holds no PEM private key"
                + " (expected BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)");
    }

    private static byte[] curveOf(PublicKey publicKey, Path keyFile) throws GeneralSecurityException, IOException {
        if (!(publicKey instanceof ECPublicKey ecKey)) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "TLS key " + keyFile + " is an EC key but the"
                    + " certificate's key is " + publicKey.getAlgorithm());
        }
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(ecKey.getParams());
        return parameters.getEncoded();
    }

    private static void checkPair(PrivateKey privateKey, PublicKey publicKey, Path keyFile, Path certificateFile)
            throws GeneralSecurityException {
        String algorithm = switch (publicKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> publicKey.getAlgorithm();
        };
        byte[] probe = "vellum key check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(privateKey);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "TLS key " + keyFile + " does not belong to the"
                    + " certificate " + certificateFile);
        }
    }

    private static byte[] sequence(byte[] content) {
        return tagged(0x30, content);
    }

    /** DER tag-length-value. */
    private static byte[] tagged(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length > 0xFFFFFF ? 4 : length > 0xFFFF ? 3 : length > 0xFF ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
