package io.vellum.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultCursorTest {
    private static final IonSystem ION = IonSystemBuilder.standard().build();

    @Test
    void pagesHoldAtMostTwoHundredValues() {
        List<IonValue> values = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            values.add(ION.singleValue("{i: " + i + ", s: sym}"));
        }
        ResultCursor cursor = new ResultCursor(List.copyOf(values), "SELECT * FROM T");
        List<Integer> sizes = new ArrayList<>();
        List<IonValue> decoded = new ArrayList<>();
        while (cursor.hasMore()) {
            ResultCursor.Page page = cursor.nextPage();
            sizes.add(page.values().size());
            assertThat(page.readIOs()).isEqualTo(page.values().size());
            for (byte[] value : page.values()) {
                // Each value is a complete Ion binary stream with exactly one value, as the driver reads it.
                assertThat(value).startsWith(0xE0, 0x01, 0x00, 0xEA);
                decoded.add(ION.singleValue(value));
            }
        }
        assertThat(sizes).containsExactly(200, 200, 50);
        assertThat(decoded).isEqualTo(values);
    }

    @Test
    void pagesStopAfterTheValueThatReachesOneMebibyte() {
        List<IonValue> values = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            values.add(ION.newString("x".repeat(300_000)));
        }
        ResultCursor cursor = new ResultCursor(values, "SELECT * FROM T");
        assertThat(cursor.nextPage().values()).hasSize(4);
        assertThat(cursor.nextPage().values()).hasSize(4);
        assertThat(cursor.nextPage().values()).hasSize(2);
        assertThat(cursor.hasMore()).isFalse();
    }

    @Test
    void dmlResultsCountAsWrites() {
        List<IonValue> ids = List.of(ION.singleValue("{documentId: \"a\"}"));
        assertThat(new ResultCursor(ids, "  INSERT INTO T VALUE {}").nextPage().writeIOs()).isEqualTo(1);
        assertThat(new ResultCursor(ids, "from T AS t SET t.a = 1").nextPage().writeIOs()).isEqualTo(1);
        assertThat(new ResultCursor(ids, "SELECT * FROM T").nextPage().writeIOs()).isZero();
    }
}
