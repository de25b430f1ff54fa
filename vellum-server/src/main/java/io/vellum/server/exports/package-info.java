/**
 * Journal exports as QLDB's ExportJournalToS3 makes them, to a directory standing in for S3
 * ({@link io.vellum.server.exports.JournalExports}): S3 bucket {@code b} is the directory
 * {@code <exports directory>/b/} (default {@code <data>/exports/b/}), object keys are paths below it, and the layout
 * is QLDB's (COMPATIBILITY.md §11.1, {@code docs/DECISIONS.md}). No HTTP here: the control plane maps requests and responses.
 */
package io.vellum.server.exports;
