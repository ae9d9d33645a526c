package dev.quire.api;

import dev.quire.collab.SafeUrls;
import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Embed;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * HTML to a document delta, keeping the subset that {@link HtmlExport} writes: paragraphs, headers 1–3,
 * blockquote, pre (code block), ordered and bullet lists, bold, italic, underline, strike, inline code,
 * links and images. jsoup parses the input as a browser would (any quality of HTML becomes a tree);
 * this class then walks the tree and keeps only text and the formats above. Script, style and other
 * non-content elements are dropped with their contents; links and images whose URL is not
 * {@link SafeUrls safe} ({@code javascript:} ...) lose the link, or are left out. Whitespace is
 * collapsed as HTML renders it, except in {@code pre}. The result always ends with a newline.
 *
 * <p>One instance converts one input; not thread-safe.
 */
final class HtmlImport {
    private static final Set<String> DROPPED = Set.of("script", "style", "template", "iframe", "object", "embed",
            "noscript", "head", "title", "svg", "math", "textarea", "select", "button", "input", "canvas", "video",
            "audio");
    private static final Set<String> BLOCKS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
            "pre", "li", "ul", "ol", "section", "article", "header", "footer", "main", "nav", "aside", "table", "tr",
            "dl", "dt", "dd", "figure", "figcaption", "address", "hr");
    private static final Map<String, String> INLINE = Map.of("strong", "bold", "b", "bold", "em", "italic",
            "i", "italic", "u", "underline", "ins", "underline", "s", "strike", "strike", "strike", "del", "strike");

    private final Delta.Builder out = Delta.builder();
    private boolean lineHasContent;
    /** A collapsed space not yet written: dropped if the line ends first; keeps the formats it had. */
    private Map<String, Object> pendingSpace;
    private int linesEnded;

    private HtmlImport() {
    }

    static Delta toDelta(String html) {
        HtmlImport importer = new HtmlImport();
        Element body = Jsoup.parseBodyFragment(html).body();
        importer.children(body, Map.of(), Map.of(), false);
        importer.finish();
        return importer.out.build();
    }

    private void children(Element element, Map<String, Object> inline, Map<String, Object> block, boolean pre) {
        for (Node child : element.childNodes()) {
            if (child instanceof TextNode text) {
                text(pre ? text.getWholeText() : text.text(), inline, block, pre);
            } else if (child instanceof Element e) {
                element(e, inline, block, pre);
            }
        }
    }

    private void element(Element e, Map<String, Object> inline, Map<String, Object> block, boolean pre) {
        String tag = e.normalName();
        if (DROPPED.contains(tag)) {
            return;
        }
        if (tag.equals("br")) {
            endLine(block);
            return;
        }
        if (tag.equals("img")) {
            String src = e.attr("src");
            if (SafeUrls.isSafeImage(src) && !src.isBlank()) {
                flushSpace();
                out.insert(Embed.of("image", src.strip()), attributes(withoutCode(inline)));
                lineHasContent = true;
            }
            return;
        }
        if (BLOCKS.contains(tag)) {
            blockElement(e, tag, inline, block, pre);
            return;
        }
        Map<String, Object> formats = inline;
        String format = INLINE.get(tag);
        if (format != null) {
            formats = with(inline, format, true);
        } else if (tag.equals("code")) {
            formats = pre ? inline : with(inline, "code", true);
        } else if (tag.equals("a")) {
            String href = e.attr("href").strip();
            formats = !href.isEmpty() && SafeUrls.isSafeLink(href) ? with(inline, "link", href) : inline;
        }
        children(e, formats, block, pre);
    }

    private void blockElement(Element e, String tag, Map<String, Object> inline, Map<String, Object> block,
                              boolean pre) {
        // Text before a nested block belongs to the enclosing block's line.
        if (lineHasContent) {
            endLine(block);
        }
        Map<String, Object> inner = block;
        boolean innerPre = pre;
        switch (tag) {
            case "h1", "h2", "h3" -> inner = with(block, "header", (long) (tag.charAt(1) - '0'));
            case "blockquote" -> inner = with(block, "blockquote", true);
            case "pre" -> {
                inner = with(block, "code-block", true);
                innerPre = true;
            }
            case "li" -> {
                Element parent = e.parent();
                inner = with(block, "list", parent != null && parent.normalName().equals("ol") ? "ordered" : "bullet");
            }
            default -> { }
        }
        int before = linesEnded;
        children(e, inline, inner, innerPre);
        boolean container = tag.equals("ul") || tag.equals("ol") || tag.equals("hr");
        if (lineHasContent || linesEnded == before && !container) {
            endLine(inner); // an empty <p></p> is an empty line, as it shows in a browser
        }
    }

    private void text(String text, Map<String, Object> inline, Map<String, Object> block, boolean pre) {
        if (pre) {
            int start = 0;
            for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
                insert(text.substring(start, nl), inline);
                endLine(block);
                start = nl + 1;
            }
            insert(text.substring(start), inline);
            return;
        }
        // jsoup's text() has collapsed whitespace runs to one space already; spaces at line edges are dropped.
        String collapsed = text;
        if (collapsed.startsWith(" ")) {
            holdSpace(inline);
            collapsed = collapsed.substring(1);
        }
        boolean trailing = collapsed.endsWith(" ");
        if (trailing) {
            collapsed = collapsed.substring(0, collapsed.length() - 1);
        }
        if (!collapsed.isEmpty()) {
            flushSpace();
            insert(collapsed, inline);
        }
        if (trailing) {
            holdSpace(inline);
        }
    }

    private void holdSpace(Map<String, Object> inline) {
        if (lineHasContent && pendingSpace == null) {
            pendingSpace = inline;
        }
    }

    private void flushSpace() {
        if (pendingSpace != null) {
            Map<String, Object> formats = pendingSpace;
            pendingSpace = null;
            insert(" ", formats);
        }
    }

    private void insert(String text, Map<String, Object> inline) {
        if (!text.isEmpty()) {
            out.insert(text.replace('\r', ' '), attributes(inline));
            lineHasContent = true;
        }
    }

    private void endLine(Map<String, Object> block) {
        out.insert("\n", attributes(block));
        lineHasContent = false;
        pendingSpace = null;
        linesEnded++;
    }

    private void finish() {
        if (lineHasContent || linesEnded == 0) {
            endLine(Map.of());
        }
    }

    private static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(map);
        copy.put(key, value);
        return copy;
    }

    private static Map<String, Object> withoutCode(Map<String, Object> map) {
        Map<String, Object> copy = new HashMap<>(map);
        copy.remove("code");
        return copy;
    }

    private static AttributeMap attributes(Map<String, Object> map) {
        return map.isEmpty() ? AttributeMap.EMPTY : AttributeMap.of(map);
    }
}
