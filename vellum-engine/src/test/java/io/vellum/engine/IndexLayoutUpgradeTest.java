package io.vellum.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonInt;
import com.amazon.ion.IonStruct;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * A state store of layout 3 (index entries keyed by Ion hash, so 5, 5.0 and 5e0 under three keys) is rebuilt from the
 * journal on open, so that its indexes use the equality keys of layout 4. The test makes an old store by writing
 * layout 3 into a store and deleting its index entries: only a rebuild finds the documents again.
 */
class IndexLayoutUpgradeTest {
    @TempDir
    Path directory;

    @Test
    void aStoreOfTheOldIndexLayoutIsRebuiltFromTheJournal() throws Exception {
        try (Ledger ledger = Ledger.open(directory)) {
            ledger.executeStatement("CREATE TABLE Slots");
            ledger.executeStatement("CREATE INDEX ON Slots (slot)");
            ledger.executeStatement("INSERT INTO Slots << {'slot': 5}, {'slot': 5.0}, {'slot': `5e0`} >>");
        }
        Path state = findState(directory);
        assertThat(countIndexEntries(state)).as("index entries before the downgrade").isEqualTo(3);
        try (Ledger ledger = Ledger.open(directory)) {
            assertThat(count(ledger)).isEqualTo(3);
        }
        downgrade(state);
        assertThat(countIndexEntries(state)).as("index entries after the downgrade").isZero();
        try (Ledger ledger = Ledger.open(directory)) {
            assertThat(count(ledger)).as("documents found through the rebuilt index").isEqualTo(3);
        }
        assertThat(countIndexEntries(state)).isEqualTo(3);
    }

    private static int count(Ledger ledger) {
        IonStruct row = (IonStruct) ledger.executeStatement("SELECT COUNT(*) AS n FROM Slots WHERE slot = 5").get(0);
        return ((IonInt) row.get("n")).intValue();
    }

    /** The state store directory of the ledger (the only directory named "state" below it). */
    private static Path findState(Path root) throws java.io.IOException {
        try (var paths = java.nio.file.Files.walk(root)) {
            return paths.filter(path -> path.getFileName().toString().equals("state")).findFirst().orElseThrow();
        }
    }

    /** Marks the store as layout 3 and deletes its index entries, as an old store's would not match layout 4. */
    private static void downgrade(Path state) throws Exception {
        withStore(state, (db, handles) -> {
            db.put(handles.get(0), "format".getBytes(StandardCharsets.US_ASCII), ByteBuffer.allocate(4).putInt(3).array());
            ColumnFamilyHandle indexes = indexes(handles);
            try (RocksIterator iterator = db.newIterator(indexes)) {
                for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                    db.delete(indexes, iterator.key());
                }
            }
            return 0;
        });
    }

    private static int countIndexEntries(Path state) throws Exception {
        return withStore(state, (db, handles) -> {
            int entries = 0;
            try (RocksIterator iterator = db.newIterator(indexes(handles))) {
                for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                    entries++;
                }
            }
            return entries;
        });
    }

    private static ColumnFamilyHandle indexes(List<ColumnFamilyHandle> handles) throws Exception {
        for (ColumnFamilyHandle handle : handles) {
            if (new String(handle.getName(), StandardCharsets.US_ASCII).equals("indexes")) {
                return handle;
            }
        }
        throw new AssertionError("no indexes column family");
    }

    private interface StoreWork {
        int run(RocksDB db, List<ColumnFamilyHandle> handles) throws Exception;
    }

    private static int withStore(Path state, StoreWork work) throws Exception {
        RocksDB.loadLibrary();
        List<byte[]> names;
        try (Options options = new Options()) {
            names = RocksDB.listColumnFamilies(options, state.toString());
        }
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (byte[] name : names) {
            descriptors.add(new ColumnFamilyDescriptor(name));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions();
             RocksDB db = RocksDB.open(options, state.toString(), descriptors, handles)) {
            try {
                int result = work.run(db, handles);
                try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                    db.flush(flush, handles);
                }
                return result;
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
            }
        }
    }
}
