package dev.quire.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Embed;
import org.junit.jupiter.api.Test;

class HtmlExportTest {

    @Test
    void blocksAndInlineFormats_becomeTheFixedTagSet() {
        Delta doc = Delta.builder()
                .insert("Title").insert("\n", AttributeMap.of("header", 2L))
                .insert("a", AttributeMap.of("bold", true, "italic", true)).insert("b", AttributeMap.of("underline", true))
                .insert("c", AttributeMap.of("strike", true)).insert("d", AttributeMap.of("code", true)).insert("\n")
                .insert("one").insert("\n", AttributeMap.of("list", "bullet"))
                .insert("two").insert("\n", AttributeMap.of("list", "bullet"))
                .insert("first").insert("\n", AttributeMap.of("list", "ordered"))
                .insert("x < y").insert("\n", AttributeMap.of("code-block", true))
                .insert("z").insert("\n", AttributeMap.of("code-block", true))
                .insert("quoted").insert("\n", AttributeMap.of("blockquote", true))
                .insert("\n")
                .insert(Embed.of("image", "https://example.com/a.png"), AttributeMap.EMPTY).insert("\n")
                .build();
        assertEquals("<h2>Title</h2><p><strong><em>a</em></strong><u>b</u><s>c</s><code>d</code></p>"
                + "<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol><pre><code>x &lt; y\nz</code></pre>"
                + "<blockquote>quoted</blockquote><p><br></p><p><img src=\"https://example.com/a.png\"></p>",
                HtmlExport.toHtml(doc));
    }

    @Test
    void unsafeUrls_areDropped_textIsEscaped_unknownFormatsIgnored() {
        Delta doc = Delta.builder()
                .insert("x", AttributeMap.of("link", " java\tscript:alert(1)"))
                .insert("\"'<&>", AttributeMap.of("color", "red\"><script>"))
                .insert(Embed.of("image", "data:text/html;base64,PHNjcmlwdD4="), AttributeMap.EMPTY)
                .insert(Embed.of("video", "https://v"), AttributeMap.EMPTY)
                .insert("\n", AttributeMap.of("header", 9L)).build();
        assertEquals("<p>x&quot;&#39;&lt;&amp;&gt;</p>", HtmlExport.toHtml(doc));
    }
}
