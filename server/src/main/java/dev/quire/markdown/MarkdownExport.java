package dev.quire.markdown;

import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Line;
import dev.quire.ot.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A document as CommonMark (docs/rest.md, "Markdown"), written so that {@link MarkdownImport} reads the same
 * document back for the formats both know: each line is a block of its own (a paragraph, a heading, a quoted line,
 * a list item; an empty line is a paragraph of one no-break space, {@code &nbsp;}); consecutive code-block lines are
 * one fenced block. Inline: {@code **bold**}, {@code _italic_}, code spans, {@code [links](url)} (only those
 * {@code safeLink} accepts; others keep their text), images {@code ![](src)} (only those {@code safeImage}
 * accepts). Everything else is text, escaped so that it reads back as text. Formats Markdown has no syntax for
 * (underline, strike, colours, fonts, alignment) are left out, their text kept. Stateless.
 */
public final class MarkdownExport {
    /** The text of a paragraph that stands for an empty line. */
    static final String EMPTY_LINE = "\u00A0";

    private static final Pattern ORDERED_START = Pattern.compile("^(\\d{1,9})([.)])");
    private static final Pattern BACKTICKS = Pattern.compile("`+");

    private MarkdownExport() {
    }

    public static String toMarkdown(Delta document, Predicate<String> safeLink, Predicate<String> safeImage) {
        StringBuilder md = new StringBuilder();
        List<Line> lines = document.lines();
        Kind previous = null;
        // The marker width of the last list item at each indent: a nested item is indented to its parent's text.
        List<Integer> markerWidths = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            AttributeMap block = lines.get(i).attributes();
            Kind kind = Kind.of(block);
            if (previous != null) {
                md.append(kind == previous && kind == Kind.LIST ? "\n" : kind == previous && kind == Kind.QUOTE
                        ? "\n>\n" : "\n\n");
            }
            if (kind != Kind.LIST) {
                markerWidths.clear();
            }
            switch (kind) {
                case CODE -> {
                    int end = i;
                    while (end + 1 < lines.size() && Kind.of(lines.get(end + 1).attributes()) == Kind.CODE) {
                        end++;
                    }
                    code(md, lines.subList(i, end + 1));
                    i = end;
                }
                case LIST -> {
                    int indent = Math.min(indentOf(block), markerWidths.size());
                    while (markerWidths.size() > indent) {
                        markerWidths.remove(markerWidths.size() - 1);
                    }
                    String marker = "ordered".equals(block.get("list")) ? "1. " : "- ";
                    md.append(" ".repeat(markerWidths.stream().mapToInt(Integer::intValue).sum())).append(marker);
                    markerWidths.add(marker.length());
                    md.append(inline(lines.get(i).content(), safeLink, safeImage));
                }
                case QUOTE -> md.append("> ").append(heading(block))
                        .append(inline(lines.get(i).content(), safeLink, safeImage));
                case HEADING -> md.append(heading(block)).append(inline(lines.get(i).content(), safeLink, safeImage));
                case PARAGRAPH -> {
                    String text = inline(lines.get(i).content(), safeLink, safeImage);
                    md.append(text.isEmpty() ? "&nbsp;" : text);
                }
            }
            previous = kind;
        }
        return md.append('\n').toString();
    }

    /** What a line becomes; a line with several block formats is the first of these it has. */
    private enum Kind {
        CODE, LIST, QUOTE, HEADING, PARAGRAPH;

        static Kind of(AttributeMap block) {
            if (truthy(block.get("code-block"))) {
                return CODE;
            }
            if (block.get("list") instanceof String list && (list.equals("ordered") || list.equals("bullet"))) {
                return LIST;
            }
            if (truthy(block.get("blockquote"))) {
                return QUOTE;
            }
            return level(block) > 0 ? HEADING : PARAGRAPH;
        }
    }

    private static int indentOf(AttributeMap block) {
        return block.get("indent") instanceof Number n ? (int) Math.max(0, Math.min(8, n.longValue())) : 0;
    }

    private static int level(AttributeMap block) {
        return block.get("header") instanceof Number n && n.longValue() >= 1 && n.longValue() <= 6
                ? (int) n.longValue() : 0;
    }

    private static String heading(AttributeMap block) {
        int level = level(block);
        return level == 0 ? "" : "#".repeat(level) + " ";
    }

    private static void code(StringBuilder md, List<Line> lines) {
        StringBuilder body = new StringBuilder();
        for (Line line : lines) {
            for (Op op : line.content().ops()) {
                if (op instanceof Op.Insert insert) {
                    body.append(insert.text());
                }
            }
            body.append('\n');
        }
        String fence = "`".repeat(Math.max(3, longestRun(body, BACKTICKS) + 1));
        md.append(fence).append('\n').append(body).append(fence);
    }

    /** One line's content as inline Markdown that starts no block of its own and keeps its edge whitespace. */
    private static String inline(Delta content, Predicate<String> safeLink, Predicate<String> safeImage) {
        StringBuilder out = new StringBuilder();
        List<Op> ops = content.ops();
        int i = 0;
        while (i < ops.size()) {
            String link = linkOf(ops.get(i), safeLink);
            int end = i;
            while (end + 1 < ops.size() && java.util.Objects.equals(link, linkOf(ops.get(end + 1), safeLink))) {
                end++;
            }
            String text = new Emphases().write(ops.subList(i, end + 1), safeImage);
            if (link != null) {
                out.append('[').append(text).append("](").append(destination(link)).append(')');
            } else {
                out.append(text);
            }
            i = end + 1;
        }
        return blockSafe(out.toString());
    }

    private static String linkOf(Op op, Predicate<String> safeLink) {
        return op instanceof Op.Insert && op.attributes().get("link") instanceof String url && safeLink.test(url)
                ? url : null;
    }

    /**
     * Bold and italic as a stack of open delimiters ({@code **} and {@code _}, different characters so that a
     * closing and an opening one rarely meet in one run; italic inside a word is {@code *}, since {@code _} cannot
     * open there); whitespace at the edges of a formatted run is written outside its delimiters, where CommonMark
     * needs it.
     */
    private static final class Emphases {
        private final StringBuilder out = new StringBuilder();
        /** The formats open, outermost first, and the delimiter each was opened with. */
        private final List<String> open = new ArrayList<>();
        private final List<String> delimiters = new ArrayList<>();
        private String pendingSpace = "";

        String write(List<Op> ops, Predicate<String> safeImage) {
            for (Op op : ops) {
                List<String> wanted = new ArrayList<>();
                if (truthy(op.attributes().get("bold"))) {
                    wanted.add("bold");
                }
                if (truthy(op.attributes().get("italic"))) {
                    wanted.add("italic");
                }
                if (op instanceof Op.InsertEmbed embed) {
                    Object src = embed.embed().value().get("image");
                    if (embed.embed().type().equals("image") && src instanceof String url && safeImage.test(url)) {
                        text(wanted, "![](" + destination(url) + ")", "", "");
                    }
                } else if (op instanceof Op.Insert insert) {
                    if (truthy(op.attributes().get("code"))) {
                        text(wanted, codeSpan(insert.text()), "", "");
                    } else {
                        String text = insert.text();
                        int start = coreStart(text);
                        int end = coreEnd(text, start);
                        text(wanted, escape(text.substring(start, end)), text.substring(0, start),
                                text.substring(end));
                    }
                }
            }
            closeDownTo(List.of());
            out.append(pendingSpace);
            return out.toString();
        }

        private void text(List<String> wanted, String core, String lead, String trail) {
            closeDownTo(wanted);
            out.append(pendingSpace).append(lead);
            pendingSpace = "";
            if (core.isEmpty()) {
                pendingSpace = trail;
                return;
            }
            for (String format : wanted) {
                if (!open.contains(format)) {
                    boolean inWord = !out.isEmpty() && Character.isLetterOrDigit(out.charAt(out.length() - 1));
                    String delimiter = format.equals("bold") ? "**" : inWord ? "*" : "_";
                    open.add(format);
                    delimiters.add(delimiter);
                    out.append(delimiter);
                }
            }
            out.append(core);
            pendingSpace = trail;
        }

        /** Closes open delimiters, innermost first, until every one still open is wanted. */
        private void closeDownTo(List<String> wanted) {
            int keep = 0;
            while (keep < open.size() && wanted.contains(open.get(keep))) {
                keep++;
            }
            while (open.size() > keep) {
                open.remove(open.size() - 1);
                out.append(delimiters.remove(delimiters.size() - 1));
            }
        }
    }

    /** Where {@code text} starts after its leading spaces and tabs. */
    private static int coreStart(String text) {
        int start = 0;
        while (start < text.length() && isSpace(text.charAt(start))) {
            start++;
        }
        return start;
    }

    /** Where {@code text} ends before its trailing spaces and tabs (never before {@code start}). */
    private static int coreEnd(String text, int start) {
        int end = text.length();
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private static String codeSpan(String text) {
        String ticks = "`".repeat(longestRun(text, BACKTICKS) + 1);
        boolean pad = text.startsWith("`") || text.endsWith("`")
                || (text.startsWith(" ") && text.endsWith(" ") && !text.isBlank());
        return ticks + (pad ? " " : "") + text + (pad ? " " : "") + ticks;
    }

    /** A link or image destination: bare when it can be, else in angle brackets with {@code <>\} escaped. */
    private static String destination(String url) {
        if (url.chars().noneMatch(c -> c <= ' ' || c == '(' || c == ')' || c == '<' || c == '>' || c == '\\')) {
            return url;
        }
        return "<" + url.replace("\\", "\\\\").replace("<", "\\<").replace(">", "\\>")
                .replace("\n", "%0A") + ">";
    }

    /** Text that reads back as itself: every character CommonMark could take as syntax inside a line escaped. */
    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ("\\`*_[]<>&!".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * A line that cannot start a block of its own: a leading {@code #}, {@code -}, {@code +}, {@code =} or {@code 1.}
     * escaped, and leading or trailing whitespace (which a paragraph drops) written as character references.
     */
    private static String blockSafe(String line) {
        String text = line;
        int lead = coreStart(text);
        int trail = coreEnd(text, lead);
        String core = text.substring(lead, trail);
        if (!core.isEmpty() && "#-+=".indexOf(core.charAt(0)) >= 0) {
            core = "\\" + core;
        } else {
            Matcher ordered = ORDERED_START.matcher(core);
            if (ordered.find()) {
                core = ordered.group(1) + "\\" + ordered.group(2) + core.substring(ordered.end());
            }
        }
        return references(text.substring(0, lead)) + core + references(text.substring(trail));
    }

    private static String references(String whitespace) {
        return whitespace.replace(" ", "&#32;").replace("\t", "&#9;");
    }

    private static int longestRun(CharSequence text, Pattern run) {
        int longest = 0;
        Matcher m = run.matcher(text);
        while (m.find()) {
            longest = Math.max(longest, m.end() - m.start());
        }
        return longest;
    }

    private static boolean truthy(Object value) {
        return value != null && !Boolean.FALSE.equals(value);
    }
}
