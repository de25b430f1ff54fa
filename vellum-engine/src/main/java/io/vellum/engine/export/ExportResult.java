package io.vellum.engine.export;

import java.util.List;

/**
 * A finished export: the data object keys in block order (as the completed manifest lists them), the number of
 * blocks, and the first and last sequence numbers exported (-1 when no block fell in the time range).
 */
public record ExportResult(String exportId, String strandId, List<String> keys, long blocks, long firstSequenceNo,
                           long lastSequenceNo) {
    public ExportResult {
        keys = List.copyOf(keys);
    }
}
