package dev.quire.markdown;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Embed;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Delta → Markdown → Delta is the identity for the formats both have, and Markdown → Delta → Markdown is stable
 * (the second Markdown is the first one's canonical form, which then reads back unchanged).
 */
class MarkdownRoundTripTest {
    private static final Predicate<String> SAFE = url -> !url.toLowerCase(java.util.Locale.ROOT).startsWith("javascript:");

    private static Delta.Builder doc() {
        return Delta.builder();
    }

    private static AttributeMap a(Object... keysAndValues) {
        return AttributeMap.of(keysAndValues);
    }

    static Stream<Delta> documents() {
        return Stream.of(
                doc().insert("Hello world\n").build(),
                doc().insert("Title").insert("\n", a("header", 1L)).insert("Sub").insert("\n", a("header", 3L))
                        .insert("Body text\n").build(),
                doc().insert("Hello ").insert("bold", a("bold", true)).insert(" and ").insert("italic",
                        a("italic", true)).insert(" and ").insert("both", a("bold", true, "italic", true))
                        .insert(".\n").build(),
                doc().insert("bold", a("bold", true)).insert("bold italic", a("bold", true, "italic", true))
                        .insert("italic", a("italic", true)).insert("\n").build(),
                doc().insert("italic", a("italic", true)).insert("both", a("bold", true, "italic", true))
                        .insert(" plain\n").build(),
                doc().insert("Run ").insert("npm test", a("code", true)).insert(" then ")
                        .insert("a `tick`", a("code", true)).insert("\n").build(),
                doc().insert("See ").insert("the docs", a("link", "https://example.com/a_(b)?q=1"))
                        .insert(" and ").insert("bold link", a("link", "https://example.com/", "bold", true))
                        .insert("\n").build(),
                doc().insert("one").insert("\n", a("list", "bullet")).insert("two").insert("\n", a("list", "bullet"))
                        .insert("nested").insert("\n", a("list", "ordered", "indent", 1L))
                        .insert("deeper").insert("\n", a("list", "bullet", "indent", 2L))
                        .insert("three").insert("\n", a("list", "bullet"))
                        .insert("first").insert("\n", a("list", "ordered"))
                        .insert("second").insert("\n", a("list", "ordered")).insert("after\n").build(),
                doc().insert("quoted").insert("\n", a("blockquote", true)).insert("still quoted")
                        .insert("\n", a("blockquote", true)).insert("not\n").build(),
                doc().insert("int main() {").insert("\n", a("code-block", true)).insert("    return 0; // ```")
                        .insert("\n", a("code-block", true)).insert("}").insert("\n", a("code-block", true))
                        .insert("after\n").build(),
                doc().insert("before\n\n\nafter\n").build(),
                doc().insert("\n").build(),
                doc().insert("# not a heading, - not a list, 1. not ordered *not em* _no_ [no](link) <b> &amp; \\\n")
                        .insert("- dash\n+ plus\n2) paren\n> not quoted\n=== not setext\n").build(),
                doc().insert("  leading and trailing  \n\tindented by a tab\n    four spaces, not code\n").build(),
                doc().insert("An image ").insert(Embed.of("image", "https://example.com/a.png"), AttributeMap.EMPTY)
                        .insert(" inline\n").build(),
                doc().insert("Unicode: é 日本 😀 — “quotes”\n").build());
    }

    @ParameterizedTest
    @MethodSource("documents")
    void deltaToMarkdownToDelta_isTheSameDelta(Delta document) {
        String markdown = MarkdownExport.toMarkdown(document, SAFE, SAFE);
        assertEquals(document, MarkdownImport.toDelta(markdown, SAFE, SAFE), markdown);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "# Title\n\nSome *emphasis*, __strong__ and `code`.\n",
        "Setext\n======\n\nA paragraph\nwrapped over lines.\n",
        "* a\n* b\n    * c\n\n1) x\n2) y\n",
        "> quote\n> # heading in quote\n\n---\n\nafter a rule\n",
        "```java\nclass A {}\n```\n\n    indented code\n",
        "[link](https://example.com \"title\") and ![alt](https://example.com/i.png) and <https://auto.link>\n",
        "Hard  \nbreak and \\\nbackslash break\n",
        "<div>raw html</div>\n\ninline <span>html</span>\n",
        "***both*** **_mixed_** *__mixed__*\n",
        "- [ ] not a task list\n- item\n\n  continued paragraph\n",
    })
    void markdownToDeltaToMarkdown_isStable(String markdown) {
        Delta first = MarkdownImport.toDelta(markdown, SAFE, SAFE);
        String canonical = MarkdownExport.toMarkdown(first, SAFE, SAFE);
        Delta second = MarkdownImport.toDelta(canonical, SAFE, SAFE);
        assertEquals(first, second, canonical);
        assertEquals(canonical, MarkdownExport.toMarkdown(second, SAFE, SAFE));
    }

    @Test
    void import_mapsEachConstructToItsQuillFormat() {
        Delta delta = MarkdownImport.toDelta("## Head\n\nPlain **bold** *it* `c` [l](https://x.example/)\n\n"
                + "> q\n\n- b\n  1. o\n\n```\nx\n```\n", SAFE, SAFE);
        Delta expected = doc().insert("Head").insert("\n", a("header", 2L)).insert("Plain ")
                .insert("bold", a("bold", true)).insert(" ").insert("it", a("italic", true)).insert(" ")
                .insert("c", a("code", true)).insert(" ").insert("l", a("link", "https://x.example/")).insert("\n")
                .insert("q").insert("\n", a("blockquote", true)).insert("b").insert("\n", a("list", "bullet"))
                .insert("o").insert("\n", a("list", "ordered", "indent", 1L)).insert("x")
                .insert("\n", a("code-block", true)).build();
        assertEquals(expected, delta);
    }

    @Test
    void unsafeLinksAndImages_keepTheirTextOnly() {
        assertEquals(doc().insert("click me\n").build(),
                MarkdownImport.toDelta("[click](javascript:alert(1)) ![me](javascript:x)", SAFE, SAFE));
        Delta stored = doc().insert("x", a("link", "javascript:alert(1)")).insert("\n").build();
        assertEquals("x\n", MarkdownExport.toMarkdown(stored, SAFE, SAFE));
    }

    /** The documented limit (docs/rest.md, "Markdown"): CommonMark cannot close {@code **} between {@code "} and b. */
    @Test
    void boldEndingInPunctuationNextToALetter_readsBackAsTextWithItsDelimiters() {
        Delta document = doc().insert("\"a\"", a("bold", true)).insert("b\n").build();
        String markdown = MarkdownExport.toMarkdown(document, SAFE, SAFE);
        assertEquals("**\"a\"**b\n", markdown);
        assertEquals(doc().insert("**\"a\"**b\n").build(), MarkdownImport.toDelta(markdown, SAFE, SAFE));
    }

    @Test
    void whatMarkdownCannotSay_isLeftOutButItsTextKept() {
        Delta rich = doc().insert("under", a("underline", true)).insert(" ").insert("red", a("color", "#ff0000"))
                .insert("\n", a("align", "center")).build();
        assertEquals("under red\n", MarkdownExport.toMarkdown(rich, SAFE, SAFE));
        assertEquals(List.of(), MarkdownImport.toDelta("", SAFE, SAFE).ops().stream()
                .filter(op -> !op.attributes().isEmpty()).toList());
    }
}
