package dev.quire.api;

import dev.quire.collab.SafeUrls;
import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Line;
import dev.quire.ot.Op;
import java.util.List;

/**
 * A document as semantic HTML, safe to embed in a page: every text is escaped and only a fixed set
 * of elements and attributes is written — p, h1–h3, strong, em, u, s, code, a[href], blockquote,
 * pre, ul/ol/li, br, img[src]. Links and images with URLs outside {@link SafeUrls} lose the link
 * (the text stays) or are left out. Formats outside this set are dropped; their text stays.
 * Stateless.
 */
final class HtmlExport {
    private HtmlExport() {
    }

    static String toHtml(Delta document) {
        StringBuilder html = new StringBuilder();
        List<Line> lines = document.lines();
        String openList = null;
        boolean inCode = false;
        for (Line line : lines) {
            AttributeMap block = line.attributes();
            String list = listTag(block.get("list"));
            boolean code = truthy(block.get("code-block"));
            if (openList != null && !openList.equals(list)) {
                html.append("</").append(openList).append(">");
                openList = null;
            }
            if (inCode && !code) {
                html.append("</code></pre>");
                inCode = false;
            }
            if (code) {
                html.append(inCode ? "\n" : "<pre><code>");
                inCode = true;
                appendPlain(html, line.content());
                continue;
            }
            if (list != null && openList == null) {
                html.append("<").append(list).append(">");
                openList = list;
            }
            String tag = list != null ? "li" : blockTag(block);
            html.append('<').append(tag).append('>');
            if (line.content().ops().isEmpty()) {
                html.append("<br>");
            } else {
                appendInline(html, line.content());
            }
            html.append("</").append(tag).append('>');
        }
        if (inCode) {
            html.append("</code></pre>");
        }
        if (openList != null) {
            html.append("</").append(openList).append(">");
        }
        return html.toString();
    }

    private static String blockTag(AttributeMap block) {
        Object header = block.get("header");
        if (header instanceof Number level && level.longValue() >= 1 && level.longValue() <= 3) {
            return "h" + level.longValue();
        }
        return truthy(block.get("blockquote")) ? "blockquote" : "p";
    }

    private static String listTag(Object list) {
        if (list == null) {
            return null;
        }
        return "ordered".equals(list) ? "ol" : "ul";
    }

    private static void appendPlain(StringBuilder html, Delta content) {
        for (Op op : content.ops()) {
            if (op instanceof Op.Insert insert) {
                escape(html, insert.text());
            }
        }
    }

    private static void appendInline(StringBuilder html, Delta content) {
        for (Op op : content.ops()) {
            AttributeMap a = op.attributes();
            if (op instanceof Op.InsertEmbed embed) {
                Object src = embed.embed().value().get("image");
                if (embed.embed().type().equals("image") && src instanceof String url && SafeUrls.isSafeImage(url)) {
                    html.append("<img src=\"");
                    escape(html, url);
                    html.append("\">");
                }
                continue;
            }
            if (!(op instanceof Op.Insert insert)) {
                continue;
            }
            String href = a.get("link") instanceof String link && SafeUrls.isSafeLink(link) ? link : null;
            StringBuilder close = new StringBuilder();
            if (href != null) {
                html.append("<a href=\"");
                escape(html, href);
                html.append("\">");
                close.insert(0, "</a>");
            }
            for (String[] format : FORMATS) {
                if (truthy(a.get(format[0]))) {
                    html.append('<').append(format[1]).append('>');
                    close.insert(0, "</" + format[1] + ">");
                }
            }
            escape(html, insert.text());
            html.append(close);
        }
    }

    /** Quill inline formats and the element each becomes, outermost first. */
    private static final String[][] FORMATS = {
        {"bold", "strong"}, {"italic", "em"}, {"underline", "u"}, {"strike", "s"}, {"code", "code"}};

    private static boolean truthy(Object value) {
        return value != null && !Boolean.FALSE.equals(value);
    }

    /** Escapes text for element content and double-quoted attribute values alike. */
    static void escape(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }
}
