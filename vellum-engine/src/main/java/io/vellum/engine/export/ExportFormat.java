package io.vellum.engine.export;

/** QLDB's export output formats (ExportJournalToS3 {@code OutputFormat}). */
public enum ExportFormat {
    /** Ion text, one block struct per top-level value. Verifiable and importable. */
    ION_TEXT("ion"),
    /** Ion binary, one block struct per top-level value. Verifiable and importable. */
    ION_BINARY("ion"),
    /**
     * JSON lines down-converted from Ion (blobs as base64 strings, timestamps as strings, symbols as strings). For
     * consumers that cannot read Ion; the conversion loses the types that hashes depend on, so it cannot be verified
     * or imported.
     */
    JSON("json");

    private final String extension;

    ExportFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }
}
