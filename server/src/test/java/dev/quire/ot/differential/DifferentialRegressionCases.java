package dev.quire.ot.differential;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named cases of {@link DeltaDifferentialRegressionTest}, in the oracle's input form. Deltas
 * must be in normal form (checked on reading). A name containing {@code _throws} marks a case in
 * which quill-delta throws (also checked), where Java must refuse too.
 */
final class DifferentialRegressionCases {
    static final Map<String, String> ALL = new LinkedHashMap<>();

    private DifferentialRegressionCases() {
    }

    private static void add(String name, String json) {
        if (ALL.put(name, json) != null) {
            throw new IllegalStateException("duplicate case name " + name);
        }
    }

    static {
        // --- attributes
        add("compose_nullFormatOverInsert_removesTheKey", """
            {"op":"compose","a":{"ops":[{"insert":"ab","attributes":{"bold":true,"color":"red"}},{"insert":"\\n"}]},
             "b":{"ops":[{"retain":1,"attributes":{"bold":null}}]}}""");
        add("compose_nullFormatOverRetain_keepsTheNull", """
            {"op":"compose","a":{"ops":[{"retain":2,"attributes":{"bold":true}}]},
             "b":{"ops":[{"retain":2,"attributes":{"bold":null,"italic":true}}]}}""");
        add("compose_nestedObjectValue_isReplacedWhole", """
            {"op":"compose","a":{"ops":[{"insert":"@","attributes":{"mention":{"id":1,"tags":["a"]}}}]},
             "b":{"ops":[{"retain":1,"attributes":{"mention":{"id":2}}}]}}""");
        add("compose_equalAttributesInAnotherKeyOrder_merge", """
            {"op":"compose","a":{"ops":[{"insert":"a","attributes":{"bold":true,"color":"red"}}]},
             "b":{"ops":[{"retain":1},{"insert":"b","attributes":{"color":"red","bold":true}}]}}""");
        add("transform_sameKeyFormatted_priorityKeepsFirst", """
            {"op":"transform","a":{"ops":[{"retain":3,"attributes":{"color":"red","bold":true}}]},
             "b":{"ops":[{"retain":3,"attributes":{"color":"blue","italic":null}}]},"priority":true}""");
        add("transform_sameKeyFormatted_noPriorityKeepsSecond", """
            {"op":"transform","a":{"ops":[{"retain":3,"attributes":{"color":"red","bold":true}}]},
             "b":{"ops":[{"retain":3,"attributes":{"color":"blue","italic":null}}]},"priority":false}""");
        add("invert_formatOverEqualObjectValue_restoresIt_becauseJsComparesObjectsByReference", """
            {"op":"invert","a":{"ops":[{"retain":1,"attributes":{"mention":{"id":1}}}]},
             "base":{"ops":[{"insert":"@","attributes":{"mention":{"id":1}}},{"insert":"\\n"}]}}""");
        add("invert_formatAcrossRunsWithNulls", """
            {"op":"invert","a":{"ops":[{"retain":1},{"retain":3,"attributes":{"bold":null,"color":"red"}}]},
             "base":{"ops":[{"insert":"ab","attributes":{"bold":true}},{"insert":"cd","attributes":{"color":"red"}},{"insert":"\\n"}]}}""");
        add("diff_deeplyEqualAttributes_retainWithoutFormat", """
            {"op":"diff","a":{"ops":[{"insert":"x","attributes":{"mention":{"id":1,"tags":["a",null]}}},{"insert":"\\n"}]},
             "b":{"ops":[{"insert":"x","attributes":{"mention":{"tags":["a",null],"id":1}}},{"insert":"\\n"}]}}""");
        add("diff_formatRemoved_givesNull", """
            {"op":"diff","a":{"ops":[{"insert":"ab","attributes":{"bold":true,"size":1.5}},{"insert":"\\n"}]},
             "b":{"ops":[{"insert":"a"},{"insert":"b","attributes":{"size":1.5}},{"insert":"\\n","attributes":{"header":1}}]}}""");

        // --- embeds
        add("compose_deleteEmbed", """
            {"op":"compose","a":{"ops":[{"insert":"a"},{"insert":{"image":"x.png"},"attributes":{"width":"300"}},{"insert":"\\n"}]},
             "b":{"ops":[{"retain":1},{"delete":1}]}}""");
        add("compose_formatEmbed", """
            {"op":"compose","a":{"ops":[{"insert":{"image":"x.png"}},{"insert":"\\n"}]},
             "b":{"ops":[{"retain":1,"attributes":{"width":"50%","link":null}}]}}""");
        add("compose_embedRetainOverNumericRetain_keepsTheEmbedRetain", """
            {"op":"compose","a":{"ops":[{"retain":2,"attributes":{"bold":true}}]},
             "b":{"ops":[{"retain":{"image":"y.png"},"attributes":{"width":"1"}}]}}""");
        add("compose_numericRetainOverEmbedRetain_keepsTheEmbedRetain", """
            {"op":"compose","a":{"ops":[{"retain":{"table":{"r":1}}}]},"b":{"ops":[{"retain":1,"attributes":{"bold":true}}]}}""");
        add("compose_embedRetainOverInsertedEmbed_noHandler_throws", """
            {"op":"compose","a":{"ops":[{"insert":{"table":{"r":1}}}]},"b":{"ops":[{"retain":{"table":{"r":2}}}]}}""");
        add("compose_embedRetainOfAnotherType_throws", """
            {"op":"compose","a":{"ops":[{"insert":{"image":"x"}}]},"b":{"ops":[{"retain":{"video":"y"}}]}}""");
        add("compose_embedRetainOverText_throws", """
            {"op":"compose","a":{"ops":[{"insert":"a"}]},"b":{"ops":[{"retain":{"image":"y"}}]}}""");
        add("compose_deleteOverEmbedRetain_keepsTheDelete", """
            {"op":"compose","a":{"ops":[{"retain":{"image":"y"}}]},"b":{"ops":[{"delete":1}]}}""");
        add("transform_embedRetainVsEmbedRetainOfSameType_noHandler_throws", """
            {"op":"transform","a":{"ops":[{"retain":{"table":{"r":1}}}]},"b":{"ops":[{"retain":{"table":{"r":2}}}]},"priority":true}""");
        add("transform_embedRetainVsEmbedRetainOfOtherType_keepsOthers", """
            {"op":"transform","a":{"ops":[{"retain":{"image":"a"}}]},"b":{"ops":[{"retain":{"video":"b"}}]},"priority":true}""");
        add("transform_numericRetainVsEmbedRetain_keepsEmbedRetain", """
            {"op":"transform","a":{"ops":[{"retain":1,"attributes":{"bold":true}}]},
             "b":{"ops":[{"retain":{"image":"b"},"attributes":{"bold":null}}]},"priority":true}""");
        add("transform_deleteVsEmbedRetain_dropsIt", """
            {"op":"transform","a":{"ops":[{"delete":1}]},"b":{"ops":[{"retain":{"image":"b"}}]},"priority":false}""");
        add("transformPosition_overEmbedRetain_staysPut", """
            {"op":"transformPosition","a":{"ops":[{"retain":{"image":"b"}},{"insert":"x"}]},"index":1,"priority":true}""");
        add("invert_embedRetain_noHandler_throws", """
            {"op":"invert","a":{"ops":[{"retain":{"image":"b"}}]},"base":{"ops":[{"insert":{"image":"a"}},{"insert":"\\n"}]}}""");
        add("invert_deleteOfEmbedAndText_reinsertsThem", """
            {"op":"invert","a":{"ops":[{"delete":3}]},
             "base":{"ops":[{"insert":"a","attributes":{"bold":true}},{"insert":{"formula":"e=mc^2"}},{"insert":"b\\n"}]}}""");
        add("diff_sameEmbeds_retained_changedEmbed_replaced", """
            {"op":"diff","a":{"ops":[{"insert":{"image":{"src":"a","alt":null}}},{"insert":{"image":"b"}},{"insert":"\\n"}]},
             "b":{"ops":[{"insert":{"image":{"alt":null,"src":"a"}}},{"insert":{"image":"c"}},{"insert":"\\n"}]}}""");
        add("diff_nulCharacterVsEmbed_isAReplacement", """
            {"op":"diff","a":{"ops":[{"insert":"a\\u0000\\n"}]},"b":{"ops":[{"insert":"a"},{"insert":{"image":"x"}},{"insert":"\\n"}]}}""");
        add("diff_withNonDocument_throws", """
            {"op":"diff","a":{"ops":[{"retain":1}]},"b":{"ops":[{"insert":"a"}]}}""");
        add("diff_onNonDocument_throws", """
            {"op":"diff","a":{"ops":[{"insert":"a"}]},"b":{"ops":[{"insert":"a"},{"delete":1}]}}""");

        // --- surrogate pairs (lengths in UTF-16 code units)
        add("compose_deleteWholePairs", """
            {"op":"compose","a":{"ops":[{"insert":"😀a😁\\n"}]},"b":{"ops":[{"delete":2},{"retain":1},{"delete":2}]}}""");
        add("transform_insertsAtSameIndexAfterPair_priority", """
            {"op":"transform","a":{"ops":[{"retain":2},{"insert":"😀"}]},"b":{"ops":[{"retain":2},{"insert":"𝒳"}]},"priority":true}""");
        add("transform_insertsAtSameIndexAfterPair_noPriority", """
            {"op":"transform","a":{"ops":[{"retain":2},{"insert":"😀"}]},"b":{"ops":[{"retain":2},{"insert":"𝒳"}]},"priority":false}""");
        add("transformPosition_afterPairInsertedAtIndex_priority", """
            {"op":"transformPosition","a":{"ops":[{"retain":2},{"insert":"😀"}]},"index":2,"priority":true}""");
        add("transformPosition_afterPairInsertedAtIndex_noPriority", """
            {"op":"transformPosition","a":{"ops":[{"retain":2},{"insert":"😀"}]},"index":2,"priority":false}""");
        add("transformPosition_insidePairDeleted", """
            {"op":"transformPosition","a":{"ops":[{"retain":1},{"delete":2}]},"index":2,"priority":false}""");
        add("diff_pairsSharingTheHighSurrogate_doNotSplit", """
            {"op":"diff","a":{"ops":[{"insert":"a😀b\\n"}]},"b":{"ops":[{"insert":"a😁b\\n"}]}}""");
        add("diff_pairInsertedBeforeEqualPair", """
            {"op":"diff","a":{"ops":[{"insert":"😀\\n"}]},"b":{"ops":[{"insert":"😁😀\\n"}]}}""");
        add("diff_combiningMarkAdded", """
            {"op":"diff","a":{"ops":[{"insert":"cafe\\n"}]},"b":{"ops":[{"insert":"cafe\\u0301\\n","attributes":{"bold":true}}]}}""");
        add("diff_pairLosesItsLowSurrogate_loneSurrogatesKept", """
            {"op":"diff","a":{"ops":[{"insert":"x\\ud83d\\ude00y"}]},"b":{"ops":[{"insert":"x\\ud83dy"}]}}""");
        add("diff_loneLowSurrogateGainsItsHighSurrogate", """
            {"op":"diff","a":{"ops":[{"insert":"\\ude00a"}]},"b":{"ops":[{"insert":"\\ud83d\\ude00a"}]}}""");
        add("invert_deleteOfPairWithAttributes", """
            {"op":"invert","a":{"ops":[{"retain":1},{"delete":2}]},
             "base":{"ops":[{"insert":"a"},{"insert":"😀","attributes":{"color":"red"}},{"insert":"\\n"}]}}""");
        add("slice_betweenPairs", """
            {"op":"slice","a":{"ops":[{"insert":"😀😁","attributes":{"bold":true}},{"insert":"𝒳\\n"}]},"start":2,"end":6}""");
        add("slice_endBeforeStart_isEmpty", """
            {"op":"slice","a":{"ops":[{"insert":"😀abc"}]},"start":4,"end":2}""");
        add("concat_mergesEqualAttributesAtTheSeam", """
            {"op":"concat","a":{"ops":[{"insert":"😀","attributes":{"bold":true}}]},
             "b":{"ops":[{"insert":"😁","attributes":{"bold":true}},{"insert":"\\n"}]}}""");
        add("changeLength_countsPairsAsTwo", """
            {"op":"changeLength","a":{"ops":[{"retain":1},{"insert":"😀"},{"insert":{"image":"x"}},{"delete":3}]}}""");
        add("length_countsPairsAsTwoAndEmbedsAsOne", """
            {"op":"length","a":{"ops":[{"insert":"😀"},{"insert":{"image":"x"}},{"retain":2},{"delete":3}]}}""");
    }
}
