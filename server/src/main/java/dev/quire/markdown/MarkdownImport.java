package dev.quire.markdown;

import dev.quire.ot.AttributeMap;
import dev.quire.ot.Delta;
import dev.quire.ot.Embed;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;

/**
 * CommonMark to a document delta (docs/rest.md, "Markdown"): commonmark-java parses the text into a tree, and this
 * class keeps what Quill can hold. Paragraphs become lines; headings 1-6 {@code header}; block quotes {@code
 * blockquote} on each of their lines; bullet and ordered lists {@code list}, nested ones with {@code indent};
 * fenced and indented code {@code code-block} on each line; emphasis {@code italic}, strong emphasis {@code bold},
 * code spans {@code code}, links {@code link} when {@code safeLink} accepts their URL (else the text stays, without
 * the link), images an image embed when {@code safeImage} accepts theirs (else their alt text stays). What has no
 * Quill form keeps its text: raw HTML its source as text; a thematic break is left out. A soft line break is a space (as a browser shows it), a hard one ends the line. A
 * paragraph that is only a no-break space ({@code &nbsp;}) is an empty line: how {@link MarkdownExport} writes one.
 *
 * <p>One instance converts one input; not thread-safe.
 */
public final class MarkdownImport {
    private static final Parser PARSER = Parser.builder().build();

    private final Predicate<String> safeLink;
    private final Predicate<String> safeImage;
    private final Delta.Builder out = Delta.builder();

    private MarkdownImport(Predicate<String> safeLink, Predicate<String> safeImage) {
        this.safeLink = safeLink;
        this.safeImage = safeImage;
    }

    /** The document {@code markdown} describes; always ends with a newline. */
    public static Delta toDelta(String markdown, Predicate<String> safeLink, Predicate<String> safeImage) {
        MarkdownImport importer = new MarkdownImport(safeLink, safeImage);
        importer.blocks(PARSER.parse(markdown), Map.of(), 0);
        Delta delta = importer.out.build();
        return delta.ops().isEmpty() ? Delta.ofText("\n") : delta;
    }

    /** The blocks under {@code parent}; {@code block} are the line formats they inherit, {@code depth} of lists. */
    private void blocks(Node parent, Map<String, Object> block, int depth) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNext()) {
            block(node, block, depth);
        }
    }

    private void block(Node node, Map<String, Object> block, int depth) {
        if (node instanceof Paragraph) {
            if (!isEmptyLine(node)) {
                inlines(node, Map.of(), block);
            }
            endLine(block);
        } else if (node instanceof Heading heading) {
            Map<String, Object> line = with(block, "header", (long) heading.getLevel());
            inlines(heading, Map.of(), line);
            endLine(line);
        } else if (node instanceof BlockQuote) {
            blocks(node, with(block, "blockquote", true), depth);
        } else if (node instanceof ListBlock list) {
            items(list, block, depth);
        } else if (node instanceof FencedCodeBlock fenced) {
            code(fenced.getLiteral(), block);
        } else if (node instanceof IndentedCodeBlock indented) {
            code(indented.getLiteral(), block);
        } else if (node instanceof HtmlBlock html) {
            code(html.getLiteral(), Map.of()); // its source as plain lines, never as markup
        } else if (!(node instanceof ThematicBreak)) {
            blocks(node, block, depth);
        }
    }

    private void items(ListBlock list, Map<String, Object> block, int depth) {
        Map<String, Object> line = with(block, "list", list instanceof OrderedList ? "ordered" : "bullet");
        if (depth > 0) {
            line.put("indent", (long) depth);
        }
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            boolean wroteLine = false;
            for (Node child = item.getFirstChild(); child != null; child = child.getNext()) {
                if (child instanceof ListBlock nested) {
                    if (!wroteLine) {
                        endLine(line); // an item that opens with a nested list still has its own line
                    }
                    items(nested, block, depth + 1);
                } else {
                    block(child, line, depth);
                }
                wroteLine = true;
            }
            if (!wroteLine) {
                endLine(line);
            }
        }
    }

    private void code(String literal, Map<String, Object> block) {
        Map<String, Object> line = with(block, "code-block", true);
        String text = literal.endsWith("\n") ? literal.substring(0, literal.length() - 1) : literal;
        for (String part : text.split("\n", -1)) {
            insert(part, Map.of());
            endLine(line);
        }
    }

    private void inlines(Node parent, Map<String, Object> inline, Map<String, Object> block) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Text text) {
                insert(text.getLiteral(), inline);
            } else if (node instanceof Code code) {
                insert(code.getLiteral(), with(inline, "code", true));
            } else if (node instanceof Emphasis) {
                inlines(node, with(inline, "italic", true), block);
            } else if (node instanceof StrongEmphasis) {
                inlines(node, with(inline, "bold", true), block);
            } else if (node instanceof Link link) {
                String url = link.getDestination();
                inlines(node, safeLink.test(url) ? with(inline, "link", url) : inline, block);
            } else if (node instanceof Image image) {
                if (safeImage.test(image.getDestination())) {
                    // Quill's image has no alt text: the image is kept, its description is not.
                    out.insert(Embed.of("image", image.getDestination()), attributes(without(inline, "code")));
                } else {
                    inlines(node, inline, block); // its alt text
                }
            } else if (node instanceof HtmlInline html) {
                insert(html.getLiteral(), inline);
            } else if (node instanceof SoftLineBreak) {
                insert(" ", inline);
            } else if (node instanceof HardLineBreak) {
                endLine(block);
            } else {
                inlines(node, inline, block);
            }
        }
    }

    private static boolean isEmptyLine(Node paragraph) {
        Node only = paragraph.getFirstChild();
        return only instanceof Text text && only.getNext() == null && text.getLiteral().equals(MarkdownExport.EMPTY_LINE);
    }

    private void insert(String text, Map<String, Object> inline) {
        if (!text.isEmpty()) {
            out.insert(text, attributes(inline));
        }
    }

    private void endLine(Map<String, Object> block) {
        out.insert("\n", attributes(block));
    }

    private static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(map);
        copy.put(key, value);
        return copy;
    }

    private static Map<String, Object> without(Map<String, Object> map, String key) {
        Map<String, Object> copy = new HashMap<>(map);
        copy.remove(key);
        return copy;
    }

    private static AttributeMap attributes(Map<String, Object> map) {
        return map.isEmpty() ? AttributeMap.EMPTY : AttributeMap.of(map);
    }
}
