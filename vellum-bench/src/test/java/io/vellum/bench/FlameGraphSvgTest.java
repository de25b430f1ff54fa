package io.vellum.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class FlameGraphSvgTest {
    private static final List<String> STACKS = List.of(
            "main;a;b 3",
            "main;a;c<T> 2",
            "main;d_[k] 5",
            "not a stack line",
            "");

    @Test
    void mergesStacksWithACommonPrefixAndSkipsLinesThatAreNoStack() {
        FlameGraphSvg.Frame root = FlameGraphSvg.read(STACKS);
        assertEquals(10, root.samples);
        FlameGraphSvg.Frame main = root.children.get("main");
        assertEquals(10, main.samples);
        assertEquals(5, main.children.get("a").samples);
        assertEquals(3, main.children.get("a").children.get("b").samples);
        assertEquals(5, main.children.get("d_[k]").samples);
    }

    @Test
    void writesWellFormedSvgWithOneFramePerNodeAndEscapedNames() throws Exception {
        StringWriter svg = new StringWriter();
        FlameGraphSvg.write(FlameGraphSvg.read(STACKS), "title <&>", svg);
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(svg.toString())));
        // all, main, a, b, c<T>, d_[k]
        assertEquals(6, document.getElementsByTagName("rect").getLength() - 1);
        assertTrue(svg.toString().contains("c&lt;T&gt; (2 samples, 20.00 %)"), svg.toString());
    }
}
