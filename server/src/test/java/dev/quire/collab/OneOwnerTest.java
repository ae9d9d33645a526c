package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A document's state has one owner: only the hub keeps the {@link OpenDocument} (its parts are passed it), and no
 * part of a document keeps a reference to its hub to reach back into it.
 */
class OneOwnerTest {
    private static final JavaClasses COLLAB = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.quire.collab");

    private static Set<String> classesWithAFieldOf(Class<?> type) {
        Set<String> holders = new TreeSet<>();
        for (JavaClass c : COLLAB) {
            c.getFields().stream().filter(f -> f.getRawType().isEquivalentTo(type))
                    .forEach(f -> holders.add(c.getSimpleName()));
        }
        return holders;
    }

    @Test
    void onlyTheHubKeepsTheDocumentsState() {
        assertEquals(Set.of("DocumentHub"), classesWithAFieldOf(OpenDocument.class));
    }

    @Test
    void onlyTheSessionHandleKeepsAHub_noPartOfTheDocumentDoes() {
        assertEquals(Set.of("DocumentSession"), classesWithAFieldOf(DocumentHub.class));
    }
}
