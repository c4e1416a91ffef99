package dev.earlywarning.ingest.rest;

import java.util.List;

import dev.earlywarning.ingest.service.IngestResult;

/** The answer to a batch: counts per status and one result per event, in order. */
public record BatchResponse(int accepted, int duplicates, int rejected, int unavailable, List<IngestResult> results) {

    static BatchResponse of(List<IngestResult> results) {
        int[] counts = new int[IngestResult.Status.values().length];
        results.forEach(r -> counts[r.status().ordinal()]++);
        return new BatchResponse(counts[IngestResult.Status.ACCEPTED.ordinal()],
                counts[IngestResult.Status.DUPLICATE.ordinal()], counts[IngestResult.Status.REJECTED.ordinal()] + counts[IngestResult.Status.TOO_LARGE.ordinal()],
                counts[IngestResult.Status.UNAVAILABLE.ordinal()], results);
    }

    /** A 503 problem (RFC 9457) that carries the per-event results as an extension member. */
    public record Unavailable(String type, String title, int status, String detail, int accepted, int duplicates,
                              int rejected, int unavailable, List<IngestResult> results) {
        static Unavailable of(BatchResponse r) {
            return new Unavailable("https://early-warning.dev/problems/publish-unavailable",
                    "Some events cannot be stored right now", 503,
                    r.unavailable() + " event(s) were not written; re-send the batch after Retry-After",
                    r.accepted(), r.duplicates(), r.rejected(), r.unavailable(), r.results());
        }
    }
}
