package dev.quire.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.LongConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Algebraic laws on seeded random documents and changes. The seed comes from the system property
 * {@code quire.seed} (random otherwise), is printed on every run and appears in every failure, so
 * {@code -Dquire.seed=N} reproduces a failure; a failing case becomes a named regression test.
 */
class DeltaPropertiesTest {
    private static final int CASES = 5_000;
    private static long seed;

    @BeforeAll
    static void chooseSeed() {
        String configured = System.getProperty("quire.seed");
        seed = configured == null || configured.isBlank() ? new java.util.Random().nextLong() : Long.parseLong(configured.trim());
        System.out.println("DeltaPropertiesTest seed=" + seed + " (rerun with -Dquire.seed=" + seed + ")");
    }

    /** Runs {@code check} on {@link #CASES} cases, each with its own generator seed derived from the run's seed. */
    private static void forAllCases(String property, LongConsumer check) {
        for (int i = 0; i < CASES; i++) {
            long caseSeed = seed * 31 + i + property.hashCode();
            try {
                check.accept(caseSeed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(property + " failed: seed=" + seed + " case=" + i + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void transform_concurrentChanges_convergeTp1() {
        forAllCases("TP1", caseSeed -> {
            RandomDeltas random = new RandomDeltas(caseSeed);
            Delta doc = random.document(6);
            Delta a = random.change(doc.length(), 6);
            Delta b = random.change(doc.length(), 6);
            Delta viaA = a.compose(a.transform(b, true));
            Delta viaB = b.compose(b.transform(a, false));
            assertEquals(viaA, viaB, () -> "a=" + a + " b=" + b);
            assertEquals(doc.compose(viaA), doc.compose(b).compose(b.transform(a, false)), () -> "doc=" + doc);
        });
    }

    @Test
    void transformPosition_insertOnly_agreesWithTransformOfAnInsertThere() {
        forAllCases("transformPosition", caseSeed -> {
            RandomDeltas random = new RandomDeltas(caseSeed);
            Delta doc = random.document(6);
            Delta a = random.change(doc.length(), 6);
            int index = random.random().nextInt(doc.length() + 1);
            boolean priority = random.random().nextBoolean();
            // A cursor moves like a one-character insert made at it, transformed with the opposite priority.
            Delta marker = Delta.builder().retain(index).insert("|").build();
            Delta moved = a.transform(marker, !priority);
            int expected = moved.ops().get(0) instanceof Op.Retain retain ? retain.count() : 0;
            assertEquals(expected, a.transformPosition(index, priority), () -> "a=" + a + " index=" + index + " priority=" + priority);
        });
    }

    @Test
    void invert_appliedAfterChange_restoresDocument() {
        forAllCases("invert", caseSeed -> {
            RandomDeltas random = new RandomDeltas(caseSeed);
            Delta doc = random.document(6);
            Delta change = random.change(doc.length(), 6);
            Delta inverted = change.invert(doc);
            assertEquals(doc, doc.compose(change).compose(inverted), () -> "doc=" + doc + " change=" + change + " inverted=" + inverted);
        });
    }

    @Test
    void compose_threeDeltas_associative() {
        forAllCases("associativity", caseSeed -> {
            RandomDeltas random = new RandomDeltas(caseSeed);
            Delta a = random.document(6);
            Delta b = random.change(a.length(), 6);
            Delta c = random.change(a.compose(b).length(), 6);
            assertEquals(a.compose(b).compose(c), a.compose(b.compose(c)), () -> "a=" + a + " b=" + b + " c=" + c);
            Delta d = random.change(a.length(), 6);
            Delta e = random.change(a.length(), 6);
            assertEquals(b.compose(d).compose(e), b.compose(d.compose(e)), () -> "b=" + b + " d=" + d + " e=" + e);
        });
    }

    @Test
    void diff_twoDocuments_composesFromOneToTheOther() {
        forAllCases("diff", caseSeed -> {
            RandomDeltas random = new RandomDeltas(caseSeed);
            Delta a = random.document(8);
            Delta b = random.random().nextInt(3) == 0 ? random.document(8) : random.similar(a, 6);
            Delta diff = a.diff(b);
            assertEquals(b, a.compose(diff), () -> "a=" + a + " b=" + b + " diff=" + diff);
            assertEquals(b, diff.applyTo(a), () -> "a=" + a + " b=" + b + " diff=" + diff);
        });
    }

    @Test
    void sliceConcat_anyCut_rebuildsDelta() {
        forAllCases("slice", caseSeed -> {
            RandomDeltas random = new RandomDeltas(caseSeed);
            Delta d = random.random().nextBoolean() ? random.document(6) : random.change(20, 8);
            int cut = random.random().nextInt(d.length() + 1);
            assertEquals(d, d.slice(0, cut).concat(d.slice(cut)), () -> "d=" + d + " cut=" + cut);
        });
    }
}
