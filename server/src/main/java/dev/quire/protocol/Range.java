package dev.quire.protocol;

/** A selection on the wire: {@code {"index": 5, "length": 0}}. */
public record Range(int index, int length) {
}
