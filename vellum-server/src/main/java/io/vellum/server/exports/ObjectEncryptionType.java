package io.vellum.server.exports;

/**
 * The {@code ObjectEncryptionType}s an export may record. QLDB's third value, {@code SSE_KMS}, is absent on purpose:
 * Vellum has no AWS KMS, so an export asking for it is refused rather than described as KMS-encrypted.
 */
public enum ObjectEncryptionType {
    /** The export's files are written as they are. */
    NO_ENCRYPTION,
    /**
     * S3 encrypts objects at rest with keys it manages. Accepted and echoed so that requests written for QLDB work;
     * Vellum itself writes the files unencrypted (the started manifest says {@code NO_ENCRYPTION}): encryption at
     * rest is the file system's business here, as it is S3's there.
     */
    SSE_S3
}
