package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Embed;
import org.junit.jupiter.api.Test;

class HtmlImportTest {

    @Test
    void safeSubset_becomesQuillFormats() {
        Delta delta = HtmlImport.toDelta("<h1>T</h1>\n<p>a <b>b</b> <i>c</i><u>d</u><s>e</s><code>f</code>"
                + "<a href=\"https://x.org\">g</a></p><ul><li>one</li></ul><ol><li>two</li></ol>"
                + "<pre>x\n  y</pre><blockquote>q</blockquote><p><br></p><p><img src=\"https://x.org/i.png\"></p>");
        Delta expected = Delta.builder()
                .insert("T").insert("\n", AttributeMap.of("header", 1L))
                .insert("a ").insert("b", AttributeMap.of("bold", true)).insert(" ")
                .insert("c", AttributeMap.of("italic", true)).insert("d", AttributeMap.of("underline", true))
                .insert("e", AttributeMap.of("strike", true)).insert("f", AttributeMap.of("code", true))
                .insert("g", AttributeMap.of("link", "https://x.org")).insert("\n")
                .insert("one").insert("\n", AttributeMap.of("list", "bullet"))
                .insert("two").insert("\n", AttributeMap.of("list", "ordered"))
                .insert("x").insert("\n", AttributeMap.of("code-block", true))
                .insert("  y").insert("\n", AttributeMap.of("code-block", true))
                .insert("q").insert("\n", AttributeMap.of("blockquote", true))
                .insert("\n")
                .insert(Embed.of("image", "https://x.org/i.png"), AttributeMap.EMPTY).insert("\n")
                .build();
        assertEquals(expected, delta);
    }

    @Test
    void scriptsAndUnsafeUrls_areDropped_textStays() {
        Delta delta = HtmlImport.toDelta("<p onclick=\"evil()\">hi<script>alert(1)</script>"
                + "<a href=\"javascript:alert(2)\">there</a><img src=\"javascript:x\"><style>p{}</style>"
                + "<a href=\"&#106;avascript:alert(3)\">!</a></p>");
        assertEquals(Delta.ofText("hithere!\n"), delta);
    }

    @Test
    void emptyOrTextOnlyInput_endsWithNewline_andWhitespaceCollapses() {
        assertEquals(Delta.ofText("\n"), HtmlImport.toDelta(""));
        assertEquals(Delta.ofText("a b\n"), HtmlImport.toDelta("  a \n\t b  "));
        assertEquals(Delta.ofText("a\nb\n"), HtmlImport.toDelta("a<br>b"));
        assertEquals(Delta.ofText("x\n"), HtmlImport.toDelta("<div><p>x</p></div>"));
    }

    @Test
    void exportThenImport_roundTrips() {
        Delta doc = Delta.builder().insert("Head").insert("\n", AttributeMap.of("header", 3L))
                .insert("bold", AttributeMap.of("bold", true)).insert(" and ")
                .insert("link", AttributeMap.of("link", "mailto:a@b.c")).insert("\n")
                .insert("li").insert("\n", AttributeMap.of("list", "ordered")).build();
        assertEquals(doc, HtmlImport.toDelta(HtmlExport.toHtml(doc)));
    }
}
