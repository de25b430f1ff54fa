package io.vellum.kafka;

/** The {@code recordType} of a QLDB stream record (COMPATIBILITY.md §11.2). */
public enum RecordType {
    /** The stream was created ({@code CREATED}, first record) or a bounded stream ended ({@code COMPLETED}). */
    CONTROL,
    /** A block without its revisions, plus {@code revisionSummaries}: one per block. */
    BLOCK_SUMMARY,
    /** One revision of a document with its table: one per document revision of a block. */
    REVISION_DETAILS
}
