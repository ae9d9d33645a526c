package dev.quire.doc;

import dev.quire.ot.Delta;

class FlatRichTextTest extends RichTextContractTest {
    @Override
    RichText create(Delta document) {
        return FlatRichText.of(document);
    }
}
