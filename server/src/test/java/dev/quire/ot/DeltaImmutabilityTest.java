package dev.quire.ot;

import static dev.quire.ot.Deltas.BOLD;
import static dev.quire.ot.Deltas.NONE;
import static dev.quire.ot.Deltas.attrs;
import static dev.quire.ot.Deltas.delta;
import static dev.quire.ot.Deltas.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No operation modifies its inputs, and no value can be modified through what it hands out. */
class DeltaImmutabilityTest {
    private static Delta document() {
        return delta().insert("Hello", BOLD).insert(image("x"), attrs("alt", "A")).insert(" world\n").build();
    }

    private static Delta change() {
        return delta().retain(2).insert("ab", attrs("color", "red")).delete(2).retain(3, attrs("bold", null)).build();
    }

    @Test
    void operations_neverModifyInputs() {
        Delta doc = document();
        Delta change = change();
        Delta other = delta().retain(1).delete(3).insert("z").build();
        Delta target = Delta.ofText("Help world\n");

        doc.compose(change);
        change.compose(other);
        change.transform(other, true);
        other.transform(change, false);
        change.transformPosition(4, true);
        change.invert(doc);
        doc.diff(target);
        doc.slice(1, 5);
        doc.concat(change);
        change.applyTo(doc);
        doc.lines();

        assertEquals(document(), doc);
        assertEquals(change(), change);
        assertEquals(delta().retain(1).delete(3).insert("z").build(), other);
        assertEquals(Delta.ofText("Help world\n"), target);
    }

    @Test
    void ops_unmodifiable() {
        assertThrows(UnsupportedOperationException.class, () -> document().ops().add(new Op.Delete(1)));
        assertThrows(UnsupportedOperationException.class, () -> document().slice(1, 3).ops().clear());
        assertThrows(UnsupportedOperationException.class, () -> Delta.empty().ops().add(new Op.Delete(1)));
    }

    @Test
    void attributesAndEmbeds_copiedAndUnmodifiable() {
        Map<String, Object> source = new HashMap<>();
        List<Object> list = new ArrayList<>(List.of("a"));
        source.put("list", list);
        AttributeMap attributes = AttributeMap.of(source);
        Embed embed = new Embed(source);
        source.put("bold", true);
        list.add("b");

        assertEquals(attrs("list", List.of("a")), attributes);
        assertEquals(Map.of("list", List.of("a")), embed.value());
        assertThrows(UnsupportedOperationException.class, () -> attributes.asMap().put("x", 1));
        assertThrows(UnsupportedOperationException.class, () -> embed.value().put("x", 1));
        @SuppressWarnings("unchecked")
        List<Object> held = (List<Object>) attributes.get("list");
        assertThrows(UnsupportedOperationException.class, () -> held.add("c"));
    }

    @Test
    void builder_reusedAfterBuild_earlierDeltaUnchanged() {
        Delta.Builder builder = delta().insert("a").insert("b");
        Delta first = builder.build();
        builder.insert("c").delete(1).retain(2, NONE);
        assertEquals(Delta.ofText("ab"), first);
    }
}
