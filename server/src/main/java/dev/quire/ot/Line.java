package dev.quire.ot;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a document, as quill-delta's {@code eachLine} yields it: the content without the
 * newline, and the attributes of the newline (where Quill keeps line formats such as headers).
 *
 * @param content the line's ops, never containing a newline
 * @param attributes the newline's attributes; empty for a last line that has no newline
 */
public record Line(Delta content, AttributeMap attributes) {
    static List<Line> split(Delta document) {
        List<Line> lines = new ArrayList<>();
        OpIterator iter = new OpIterator(document.ops());
        Delta.Builder line = Delta.builder();
        boolean lineEmpty = true;
        while (iter.hasNext()) {
            if (!iter.peekIsInsert()) {
                return lines;
            }
            Op op = iter.peek();
            int newline = -1;
            if (op instanceof Op.Insert insert) {
                int start = insert.length() - iter.peekLength();
                int at = insert.text().indexOf('\n', start);
                newline = at < 0 ? -1 : at - start;
            }
            if (newline < 0) {
                line.push(iter.next());
                lineEmpty = false;
            } else if (newline > 0) {
                line.push(iter.next(newline));
                lineEmpty = false;
            } else {
                lines.add(new Line(line.build(), iter.next(1).attributes()));
                line = Delta.builder();
                lineEmpty = true;
            }
        }
        if (!lineEmpty) {
            lines.add(new Line(line.build(), AttributeMap.EMPTY));
        }
        return lines;
    }
}
