package io.vellum.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random appends, reopens, torn tails and reads, compared against the naive model: a list of payloads.
 */
class JournalRandomizedTest {
    @TempDir
    Path directory;

    @Test
    void behavesLikeAListOfPayloads() {
        long seed = JournalTestFiles.seed("behavesLikeAListOfPayloads", 51);
        Random random = new Random(seed);
        JournalOptions options = new JournalOptions(64 + random.nextInt(2000));
        List<byte[]> model = new ArrayList<>();
        List<JournalPosition> positions = new ArrayList<>();
        Journal journal = Journal.open(directory, options, -1);
        try {
            for (int step = 0; step < 600; step++) {
                int operation = random.nextInt(100);
                if (operation < 50) {
                    List<byte[]> batch = JournalTestFiles.randomPayloads(random, random.nextInt(6),
                            random.nextBoolean() ? 20 : 700);
                    positions.addAll(journal.append(batch));
                    model.addAll(batch);
                } else if (operation < 75 && !model.isEmpty()) {
                    int sequenceNo = random.nextInt(model.size());
                    assertThat(journal.read(sequenceNo, positions.get(sequenceNo)))
                            .as("step %d read %d", step, sequenceNo).isEqualTo(model.get(sequenceNo));
                } else if (operation < 90) {
                    int from = random.nextInt(model.size() + 1);
                    Iterator<JournalEntry> entries = journal.readFrom(from);
                    for (int i = from; i < model.size(); i++) {
                        JournalEntry entry = entries.next();
                        assertThat(entry.sequenceNo()).isEqualTo(i);
                        assertThat(entry.payload()).as("step %d readFrom %d at %d", step, from, i)
                                .isEqualTo(model.get(i));
                        assertThat(entry.position()).isEqualTo(positions.get(i));
                    }
                    assertThat(entries.hasNext()).isFalse();
                } else if (operation < 96) {
                    journal.close();
                    journal = Journal.open(directory, options, model.size() - 1);
                } else {
                    // Crash in the middle of the last record: the model loses it too. (Only a record of the last
                    // segment can be torn: earlier segments were forced before the next one was created.)
                    journal.close();
                    JournalPosition last = positions.isEmpty() ? null : positions.get(positions.size() - 1);
                    Path segment = last == null ? null
                            : directory.resolve(SegmentFile.fileName(last.segmentFirstSequenceNo()));
                    if (last != null && segment.equals(JournalTestFiles.lastSegment(directory))) {
                        long cut = last.offset() + random.nextInt(RecordFormat.OVERHEAD + last.length());
                        JournalTestFiles.truncate(segment, cut);
                        model.remove(model.size() - 1);
                        positions.remove(positions.size() - 1);
                    }
                    journal = Journal.open(directory, options, model.size() - 1);
                }
                assertThat(journal.nextSequenceNo()).as("step %d", step).isEqualTo(model.size());
            }
            journal.verifyAll();
        } finally {
            journal.close();
        }
    }
}
