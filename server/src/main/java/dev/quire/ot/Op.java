package dev.quire.ot;

import java.util.Objects;

/**
 * One operation of a {@link Delta}: insert text or an embed, retain (optionally formatting, or
 * retaining an embed with a change to it), or delete. Immutable.
 *
 * <p>Attributes are never null: an op without attributes has {@link AttributeMap#EMPTY}.
 */
public sealed interface Op permits Op.Insert, Op.InsertEmbed, Op.Retain, Op.RetainEmbed, Op.Delete {

    /** Length in UTF-16 code units; an embed counts 1. */
    int length();

    /** The attributes of this op; {@link AttributeMap#EMPTY} when it has none (always for a delete). */
    AttributeMap attributes();

    /** Insert of non-empty text. */
    record Insert(String text, AttributeMap attributes) implements Op {
        public Insert {
            Objects.requireNonNull(text, "text");
            if (text.isEmpty()) {
                throw new IllegalArgumentException("insert text must not be empty");
            }
            attributes = attributes == null ? AttributeMap.EMPTY : attributes;
        }

        @Override
        public int length() {
            return text.length();
        }
    }

    /** Insert of one embed. */
    record InsertEmbed(Embed embed, AttributeMap attributes) implements Op {
        public InsertEmbed {
            Objects.requireNonNull(embed, "embed");
            attributes = attributes == null ? AttributeMap.EMPTY : attributes;
        }

        @Override
        public int length() {
            return 1;
        }
    }

    /** Retain of {@code count > 0} items, applying the attributes (null values remove a format). */
    record Retain(int count, AttributeMap attributes) implements Op {
        public Retain {
            if (count <= 0) {
                throw new IllegalArgumentException("retain count must be positive: " + count);
            }
            attributes = attributes == null ? AttributeMap.EMPTY : attributes;
        }

        @Override
        public int length() {
            return count;
        }
    }

    /**
     * Retain of one embed carrying a change to it (quill-delta 5's object retain). Composing or
     * transforming it against an embed needs an embed handler; like quill-delta without registered
     * handlers, the algebra rejects it with {@link UnsupportedOperationException}.
     */
    record RetainEmbed(Embed embed, AttributeMap attributes) implements Op {
        public RetainEmbed {
            Objects.requireNonNull(embed, "embed");
            attributes = attributes == null ? AttributeMap.EMPTY : attributes;
        }

        @Override
        public int length() {
            return 1;
        }
    }

    /** Delete of {@code count > 0} items. */
    record Delete(int count) implements Op {
        public Delete {
            if (count <= 0) {
                throw new IllegalArgumentException("delete count must be positive: " + count);
            }
        }

        @Override
        public int length() {
            return count;
        }

        @Override
        public AttributeMap attributes() {
            return AttributeMap.EMPTY;
        }
    }
}
